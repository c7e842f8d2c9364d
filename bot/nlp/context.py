"""Marks symptom mentions as negated or hypothetical with NegEx/ConText-style cue rules kept as data.

A cue reaches forward or backward a bounded number of tokens, never across a sentence end
or a terminator ("but"), and crosses a comma only inside an "or"/"nor" list
("no fever, cough or chills"). Cues inside a lexicon phrase ("can't breathe") or inside a
longer pseudo cue ("no idea", "never felt so") are ignored; a cue between the words of a
near-rule match ("eyes are not yellow") applies.

Some cues depend on the wording around them: a cue marked `only_in_questions` ("signs of") counts
only in a question ("what are the signs of jaundice?", not "she has signs of jaundice"), and a cue
marked `ends_with_clause` ("if") reaches only to the end of its own clause ("if I get a fever |
should I call?" is asked about; "if I stand up | I get dizzy" is reported).

Two more kinds of cue (ConText's experiencer and temporality): `not_current` for someone other than the
patient or the distant past ("my friend had a fever", "a seizure years ago"), which reads like a
hypothetical, and `resolved` for a problem the patient says is over ("the headache has gone"). A cue
marked `stops_at_first_person` does not reach past the patient's own I/me/my ("my friend says | I look
pale"); one marked `crosses_terminators` reaches back over "but", a comma or "which" ("a headache
yesterday but it's gone now", "a sore throat which went away").
When the writer says they are a carer (`carer_speaking`: "I'm his wife"), a clause about the writer alone ("I've
got a cold myself") is someone else's; a `returned` cue ("but now it's back") undoes the resolved and not-current
cues before it.
When the writer says they ask ahead of time (`asking_ahead`: "asking before my first dose"), the mentions in the
message's questions are asked about ("is it normal to get a headache after this?"); its statements stay reports.
When the writer says they have what they asked about (`affirmed`: "is a rash a side effect? because I have it"),
no mention of the message is only asked about. When the writer asks what someone else's illness means for them
(`own_risk`: "my partner's got the runs, will it affect me?"), a clause that names only the other person is theirs,
unless the writer says they are a carer ("I'm his wife, he has a fever, is it catching?" is about the patient).
A resolved or not-current cue marked `refers_back`, in a short clause that names no symptom and opens with "it",
"that" or "lasted", speaks of the clause before it, in its own sentence or the one before ("dizzy when I stood up
but that was 2 years ago"; "a little feverish feeling. Lasted a couple of days and subsided.").

Mentions found as a lost ability ("can't remember", "haven't been able to keep anything down")
count only when a negation or inability cue reaches them, and that cue does not negate them.
"""

from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from bot.knowledge import ContextRule
from bot.nlp.signal_matcher import SIGNAL_SPAN_KEY
from bot.nlp.symptom_matcher import SPAN_KEY, VAGUE_CODE, is_inability, is_near

LIST_WORDS = frozenset({"or", "nor"})
CLAUSE_BREAKS = frozenset({",", ";"})
# A sentence is a question when it has a question mark or opens with one of these words
# (after greetings and fillers): patients often leave the question mark out.
QUESTION_OPENERS = frozenset({
    "what", "whats", "how", "which", "why", "is", "are", "do", "does", "can", "could", "should",
    "would", "will", "may", "might", "any", "tell", "explain", "list", "describe",
})
OPENING_FILLERS = frozenset({"please", "so", "and", "but", "ok", "okay", "hi", "hello", "hey", "um",
                             "also", "quick", "question", ",", ":", "-"})
# Words that start a clause's subject: the second one after "if" starts the main clause.
SUBJECT_WORDS = frozenset({"i", "he", "she", "they", "we", "you", "it", "my", "his", "her", "their", "our"})
CONFIRMS_INABILITY = frozenset({"negated", "inability"})
NEGATION_WORDS = frozenset({"no", "not", "n't", "nt", "n’t", "never"})
FIRST_PERSON = frozenset({"i", "i'm", "im", "me", "my", "mine", "myself", "i've", "ive", "i'd"})
# Words that name the patient when a carer writes ("I can't wake HIM", "MUM's eyes look yellow").
SOMEONE_ELSE = frozenset({
    "he", "she", "him", "her", "his", "hers", "himself", "herself", "they", "them", "their", "he's", "she's", "hes",
    "shes", "wife", "husband", "partner", "mum", "mom", "mother", "dad", "father", "son", "daughter", "patient",
})
# Everyone who may have their own illness: the patient's family and the people around them.
OTHER_PEOPLE = SOMEONE_ELSE | frozenset({
    "sister", "brother", "twin", "kid", "child", "children", "baby", "girl", "boy", "lad", "lass", "friend", "grandson",
    "granddaughter", "grandad", "granddad", "grandma", "gran", "nan", "nana", "auntie", "aunt", "uncle", "cousin",
    "hubby", "fella", "bloke", "flatmate", "housemate", "roommate", "colleague", "boss", "neighbour", "neighbor",
    "boyfriend", "girlfriend", "fiance", "fiancee", "carer", "caregiver",
})
# The writer's words that only say whose someone else is: "MY partner", "ME auld fella", "MY little girl".
POSSESSIVES = frozenset({"my", "me", "our"})
# Where "me" says where someone else is, not who is ill: "the lady NEXT TO ME had a rash".
PLACE_WORDS = frozenset({"to", "beside", "opposite", "behind", "near"})
# Cues that set no attribute on the mentions they reach: "inability" confirms a lost ability; "carer_speaking",
# "returned", "asking_ahead", "affirmed" and "own_risk" say something of the whole message (the writer is not the
# patient; a problem over came back; the questions are asked before anything has happened; the writer has what they
# ask about; the writer asks what someone else's illness means for them).
UNSCOPED_CUES = ("inability", "carer_speaking", "returned", "asking_ahead", "affirmed", "own_risk")
CLAUSE_STARTS = CLAUSE_BREAKS | frozenset({"but", "though", "although", "however", "and", "so"})
# What a `crosses_terminators` cue reaches back over: a contrast, a comma, "which" or "then" ("a rash yesterday BUT
# it's gone", "sick once on friday, nothing since", "a sore throat WHICH went away", "taste went strange THEN came back
# to normal"), never "and" ("skin looks yellowish AND I've gone off my food").
REACHED_BACK_OVER = CLAUSE_BREAKS | frozenset({"but", "though", "although", "however", "yet", "which", "then"})
# What a forward cue reaches over when it covers two or more things: someone else's list of symptoms, when no one
# else is named ("my neighbour has a cough AND fever"), or a comparison ("the difference between tired AND sleepy").
JOINING_AND = frozenset({"and"})
# A short clause that names no symptom and opens with one of these words speaks of the clause before it, when its
# cue is marked `refers_back`: "dizzy when I stood up but THAT was 2 years ago", "a little feverish feeling. LASTED a
# couple of days and subsided." ("they" is left out: it is as often people as symptoms).
REFERRING_OPENERS = frozenset({"it", "it's", "its", "that", "that's", "thats", "this", "both", "all", "everything",
                               "lasted", "lasting", "gone", "fine"})
MAX_REFERRING_CLAUSE = 10  # words: "it went away after a couple of days of rest", not a story of its own
CONTRASTS = frozenset({"but", "though", "although", "however", "yet", ";"})
# Words after a vague word that give it a place of its own: "muscle pain and pain IN my side" is two complaints.
PLACE_AFTER = frozenset({"in", "on", "at", "around", "under", "behind", "near", "when", "while", "with", "after",
                         "across", "down", "up", "through", "from", "of", "inside"})
# The span attribute each cue category sets ("not_current" reads as not reported, like a hypothetical).
ATTRIBUTE = {"negated": "negated", "hypothetical": "hypothetical", "not_current": "hypothetical",
             "resolved": "resolved"}

for _attribute in ("negated", "hypothetical", "resolved"):
    if not Span.has_extension(_attribute):
        Span.set_extension(_attribute, default=False)
if not Doc.has_extension("said"):
    Doc.set_extension("said", default=frozenset())  # the message-wide cue categories said (UNSCOPED_CUES)

Cue = tuple[Span, ContextRule]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def written_variants(literal: str) -> list[str]:
    """The literal as typed with a straight, a curly or no apostrophe ("can't", "can’t", "cant")."""
    if "'" not in literal:
        return [literal]
    return [literal, literal.replace("'", "’"), literal.replace("'", "")]


def is_question(sentence: Span) -> bool:
    """A question mark, or a question word first ("what are the signs of ...", "any signs of ...")."""
    if any(token.text == "?" for token in sentence):
        return True
    words = [token.lower_.replace("'", "").replace("’", "") for token in sentence
             if token.lower_ not in OPENING_FILLERS]
    return bool(words) and words[0] in QUESTION_OPENERS


def _clause_around(doc: Doc, target: Span, words_after: int) -> Span:
    """The mention's clause: from the last comma, "but" or "and" (not an "and" between two things) before it to
    `words_after` words after it (not past a comma)."""
    start, end = target.start, target.end
    while start > target.sent.start and (doc[start - 1].lower_ not in CLAUSE_STARTS or _joins_things(doc, start)):
        start -= 1
    while end < min(target.end + words_after, target.sent.end) and doc[end].lower_ not in CLAUSE_STARTS:
        end += 1
    return doc[start:end]


def _said_not(clause: Span, token: Token) -> bool:
    """A person named only to say it isn't theirs: "the headache is mine, NOT HER"."""
    return token.i > clause.start and token.doc[token.i - 1].lower_ in NEGATION_WORDS


def about_the_writer_alone(doc: Doc, target: Span) -> bool:
    """The mention's clause speaks of the writer and no one else: "I've got a cold myself", not "I can't wake him".

    The clause reaches two words after the mention; a person named only after "not" ("the headache is mine, not his")
    does not count.
    """
    clause = _clause_around(doc, target, 2)
    named = [token for token in clause if token.lower_ in SOMEONE_ELSE and not _said_not(clause, token)]
    return any(token.lower_ in FIRST_PERSON for token in clause) and not named


def _names_another_person(token: Token) -> bool:
    word = token.lower_
    return word in OTHER_PEOPLE or (word.endswith("s") and word[:-1] in OTHER_PEOPLE)  # "my daughters", "hubbys"


def _whose(token: Token) -> bool:
    """'my' that says whose another person is: "MY partner", "MY little girl", "ME auld fella"."""
    return token.lower_ in POSSESSIVES and any(_names_another_person(t) for t in token.doc[token.i + 1:token.i + 4])


def _the_writer(clause: Span) -> list[Token]:
    """The writer's own words in a clause, bar "my" in "my partner" and "me" in "next to me"."""
    doc = clause.doc
    return [token for token in clause if token.lower_ in FIRST_PERSON and not _said_not(clause, token)
            and not _whose(token)
            and not (token.lower_ == "me" and token.i > 0 and doc[token.i - 1].lower_ in PLACE_WORDS)]


def about_someone_else_alone(doc: Doc, target: Span) -> bool:
    """The mention's clause names another person and not the writer: "MY PARTNER's got the runs" (the "my" of "my
    partner" is not the writer), not "I've got the runs from my partner's cooking". A clause that names nobody
    ("Daughter's got a bug, | vomiting since last night") is read with its whole sentence."""
    for words in (_clause_around(doc, target, 6), target.sent):
        others = [token for token in words if _names_another_person(token) and not _said_not(words, token)]
        writer = _the_writer(words)
        if others or writer:
            return bool(others) and not writer
    return False


def _joins_things(doc: Doc, after: int) -> bool:
    """The "and" before `after` joins two things, not two clauses: "I've got a runny nose AND a cough" (no subject
    word follows it before the next break), not "I've got a cold AND he has a fever"."""
    if doc[after - 1].lower_ != "and":
        return False
    for token in doc[after:]:
        if token.lower_ in SUBJECT_WORDS or token.lower_ in SOMEONE_ELSE:
            return False
        if token.lower_ in CLAUSE_STARTS or token.is_sent_end:
            return True
    return True


def _clause_start(doc: Doc, end: int, floor: int) -> int:
    """Where the clause ending at `end` starts: after the last contrast, or the last comma or "and" that a subject
    follows ("I have a headache AND I was dizzy"), never before `floor`."""
    i = end
    while i > floor:
        word, following = doc[i - 1].lower_, doc[i].lower_ if i < len(doc) else ""
        if word in CONTRASTS or (word in (",", "and") and (following in SUBJECT_WORDS or following in SOMEONE_ELSE)):
            return i
        i -= 1
    return floor


def referred_back(doc: Doc, cue: Span, symptoms: list[Span]) -> list[Span]:
    """The mentions of the clause before a short clause that names no symptom and opens with "it", "that" or
    "lasted" ("... dizzy when I stood up | but that was 2 years ago"); at a sentence's start, of the last clause of the
    sentence before ("... a little feverish feeling. | Lasted a couple of days and subsided.")."""
    sentence = cue.sent
    start = _clause_start(doc, cue.start, sentence.start)
    end = cue.end
    while end < sentence.end and doc[end].lower_ not in CONTRASTS and doc[end].text not in CLAUSE_BREAKS:
        end += 1
    words = [token for token in doc[start:end] if not token.is_punct]
    # the clause ends its sentence and says the problem is over, nothing else: not "it subsided BUT is still there",
    # "it hasn't gone", "it's still not gone"
    if not words or words[0].lower_ not in REFERRING_OPENERS or len(words) > MAX_REFERRING_CLAUSE \
            or any(token.lower_ in CONTRASTS for token in doc[end:sentence.end]) \
            or any(token.lower_ in NEGATION_WORDS or token.lower_ == "still" for token in words) \
            or any(_overlaps(s, doc[start:end]) for s in symptoms):
        return []
    if start > sentence.start:
        before_end = start - 1
        before_start = _clause_start(doc, before_end, sentence.start)
    elif sentence.start > 0:
        before = doc[sentence.start - 1].sent
        before_start, before_end = _clause_start(doc, before.end, before.start), before.end
    else:
        return []
    return [s for s in symptoms if before_start <= s.start and s.end <= before_end]


def _reported(span: Span) -> bool:
    return not (span._.negated or span._.hypothetical or span._.resolved)


def told_again(span: Span, symptoms: list[Span]) -> bool:
    """A vague word, with no place of its own, that repeats a symptom the message names: "muscle pain to the left
    leg ... has taken ibuprofen for PAIN" (not "muscle pain and pain in my side", nor "no muscle pain, just pain")."""
    doc = span.doc
    placed = span.end < len(doc) and doc[span.end].lower_ in PLACE_AFTER
    if span.label_ != VAGUE_CODE or not _reported(span) or placed:
        return False
    words = {token.norm_ for token in span}
    return any(other.label_ != VAGUE_CODE and _reported(other) and words <= {token.norm_ for token in other}
               for other in symptoms)


def clause_end(doc: Doc, cue: Span) -> int:
    """Where the clause a cue opens ends: before the second subject word after it ("if I stand up | I get dizzy")."""
    subjects = [token.i for token in doc[cue.end:cue.sent.end] if token.lower_ in SUBJECT_WORDS]
    return subjects[1] if len(subjects) > 1 else cue.sent.end


class SymptomContext:
    """Sets span._.negated and span._.hypothetical on doc.spans["symptoms"] and doc.spans["signals"]."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.nlp = nlp
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.patterns = Matcher(nlp.vocab, validate=True)
        self.rules: list[ContextRule] = []

    def add_rules(self, rules: Iterable[ContextRule]) -> None:
        """Register the cue rules: a token pattern when the rule has one, else its literal in lower case."""
        for rule in rules:
            key = str(len(self.rules))
            self.rules.append(rule)
            if rule.pattern:
                self.patterns.add(key, [list(rule.pattern)])
            else:
                self.phrases.add(key, [self.nlp.make_doc(text) for text in written_variants(rule.literal)])

    def _cues(self, doc: Doc, symptoms: list[Span]) -> tuple[list[Cue], set[int], list[Span]]:
        matches = [(Span(doc, start, end), self.rules[int(doc.vocab.strings[match_id])])
                   for match_id, start, end in [*self.phrases(doc), *self.patterns(doc)]]
        terminators = {i for span, rule in matches if rule.category == "terminator"
                       for i in range(span.start, span.end)}
        # Overlapping cues: the longest wins, so "no idea" (pseudo) beats "no" and
        # "what does it mean if" (hypothetical) beats "if my" (pseudo).
        candidates = [(span, rule) for span, rule in matches if rule.category != "terminator"]
        longest = {(s.start, s.end) for s in filter_spans([span for span, _ in candidates])}
        cues = [(span, rule) for span, rule in candidates
                if (span.start, span.end) in longest and rule.category in (*ATTRIBUTE, *UNSCOPED_CUES)
                and not any(_overlaps(span, s) and span.start >= s.start for s in symptoms if not is_near(s))
                and (not rule.only_in_questions or is_question(span.sent))]
        negative_pseudo = [span for span, rule in candidates if rule.category == "pseudo"
                           and any(token.lower_ in NEGATION_WORDS for token in span)]
        return cues, terminators, negative_pseudo

    @staticmethod
    def _forward_reaches(doc: Doc, cue: Span, rule: ContextRule, target: Span, terminators: set[int]) -> bool:
        if rule.direction == "backward" or cue.start >= target.start:
            return False
        if cue.end > target.start:  # the cue runs into the symptom's first words: "IF MY EYES GO yellow"
            return cue.end < target.end
        if target.start - cue.end >= rule.max_scope:
            return False
        if rule.ends_with_clause and target.start >= clause_end(doc, cue):
            return False
        between = range(cue.end, target.start)
        if rule.stops_at_first_person and any(doc[i].lower_ in FIRST_PERSON
                                              and not (doc[i].lower_ == "me" and doc[i - 1].lower_ in PLACE_WORDS)
                                              for i in between):
            return False
        # someone else's symptoms come in lists ("my neighbour has a cough and fever"): "and" does not end that cue,
        # unless someone is named after it ("my neighbour popped round and HE's been confused" may be the patient)
        in_a_list = rule.category == "not_current" and rule.stops_at_first_person \
            and not any(doc[i].lower_ in SOMEONE_ELSE for i in between)
        crossable = JOINING_AND if in_a_list or rule.crosses_and else frozenset()
        if any(i in terminators and doc[i].lower_ not in crossable for i in between):
            return False
        # a time that opens the sentence reaches over its commas ("Years ago, in my twenties, I had a seizure"), not
        # over "but"
        fronted = rule.crosses_terminators and cue.start - cue.sent.start <= 1
        if any(doc[i].text in CLAUSE_BREAKS for i in between) and not fronted:
            after = range(cue.end, min(len(doc), target.end + 3))
            return any(doc[i].lower_ in LIST_WORDS for i in after)
        return True

    @staticmethod
    def _inside_near_match(cue: Span, rule: ContextRule, target: Span) -> bool:
        """'eyes are NOT yellow': a forward cue between the two words of a near-rule match."""
        return (is_near(target) and rule.direction != "backward" and rule.category != "not_current"
                and target.start < cue.start and cue.end < target.end)

    @staticmethod
    def _backward_reaches(doc: Doc, cue: Span, rule: ContextRule, target: Span,
                          terminators: set[int], symptoms: list[Span]) -> bool:
        if rule.direction == "forward" or cue.start < target.end or cue.start - target.end >= rule.max_scope:
            return False
        between = range(target.end, cue.start)
        crossable = REACHED_BACK_OVER if rule.crosses_terminators else frozenset()
        if any(((i in terminators or doc[i].text in CLAUSE_BREAKS) and doc[i].lower_ not in crossable)
               for i in between):
            return False
        return not any(s is not target and target.end <= s.start < cue.start for s in symptoms)

    def _reaches(self, doc: Doc, cue: Span, rule: ContextRule, target: Span, terminators: set[int],
                 symptoms: list[Span]) -> bool:
        return cue.sent.start == target.sent.start and (
            self._forward_reaches(doc, cue, rule, target, terminators)
            or self._inside_near_match(cue, rule, target)
            or self._backward_reaches(doc, cue, rule, target, terminators, symptoms))

    def _ability_lost(self, doc: Doc, target: Span, cues: list[Cue], terminators: set[int],
                      negative_pseudo: list[Span]) -> bool:
        """'can't' / 'unable to' before a lost-ability mention ("can't | remember", "food doesn't appeal")
        makes it a symptom; so does a negative pseudo cue made of its own words ("bleeding ... won't stop")."""
        return any(rule.category in CONFIRMS_INABILITY and cue.sent.start == target.sent.start
                   and (self._forward_reaches(doc, cue, rule, target, terminators)
                        or self._inside_near_match(cue, rule, target))
                   for cue, rule in cues) or any(
            target.start <= span.start and span.end <= target.end for span in negative_pseudo)

    def __call__(self, doc: Doc) -> Doc:
        found = list(doc.spans[SPAN_KEY])
        cues, terminators, negative_pseudo = self._cues(doc, found)
        lost = {(s.start, s.end, s.label_) for s in found
                if is_inability(s) and self._ability_lost(doc, s, cues, terminators, negative_pseudo)}
        # A confirmed lost ability replaces any other match of the same words and symptom (spaCy keeps one
        # set of negated/hypothetical values per position, and here the negation confirms).
        symptoms = [s for s in found if is_inability(s) and (s.start, s.end, s.label_) in lost] + \
                   [s for s in found if not is_inability(s) and (s.start, s.end, s.label_) not in lost]
        symptoms.sort(key=lambda span: (span.start, span.end))
        doc.spans[SPAN_KEY] = symptoms
        said = {rule.category for _, rule in cues}  # what the message as a whole says (UNSCOPED_CUES)
        doc._.said = frozenset(said & set(UNSCOPED_CUES))
        last_return = max((cue.start for cue, rule in cues if rule.category == "returned"), default=-1)
        for cue, rule in cues:
            if rule.refers_back and last_return < cue.end:
                for target in referred_back(doc, cue, symptoms):
                    setattr(target._, ATTRIBUTE[rule.category], True)
        for target in symptoms + list(doc.spans.get(SIGNAL_SPAN_KEY, [])):
            if ("carer_speaking" in said and about_the_writer_alone(doc, target)) \
                    or ("own_risk" in said and "carer_speaking" not in said and about_someone_else_alone(doc, target)) \
                    or ("asking_ahead" in said and is_question(target.sent)):
                target._.hypothetical = True
            for cue, rule in cues:
                if rule.category in UNSCOPED_CUES or (rule.category == "negated" and is_inability(target)):
                    continue
                if rule.category in ("resolved", "not_current") and last_return >= cue.end:
                    continue  # "it went away but now it's back", "I had it in my twenties. It's back now."
                if self._reaches(doc, cue, rule, target, terminators, symptoms):
                    setattr(target._, ATTRIBUTE[rule.category], True)
            if "affirmed" in said:
                target._.hypothetical = False
        doc.spans[SPAN_KEY] = [span for span in symptoms if not told_again(span, symptoms)]
        return doc


@Language.factory("symptom_context")
def make_symptom_context(nlp: Language, name: str) -> SymptomContext:
    return SymptomContext(nlp, name)
