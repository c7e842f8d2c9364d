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
but that was 2 years ago"; "a little feverish feeling. Lasted a couple of days and subsided."). Who a clause speaks
of is read in people.py, what one clause says of another in story.py.

Mentions found as a lost ability ("can't remember", "haven't been able to keep anything down")
count only when a negation or inability cue reaches them, and that cue does not negate them.
"""

from typing import Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from bot.knowledge import ContextRule
from bot.nlp.people import (
    CLAUSE_BREAKS,
    FIRST_PERSON,
    NEGATION_WORDS,
    SOMEONE_ELSE,
    SUBJECT_WORDS,
    about_someone_else_alone,
    about_the_writer_alone,
    placed_me,
)
from bot.nlp.signal_matcher import SIGNAL_SPAN_KEY
from bot.nlp.story import REFERRING_OPENERS, referred_back, speaks_of_another, told_again
from bot.nlp.symptom_matcher import SPAN_KEY, is_inability, is_near, overlaps

LIST_WORDS = frozenset({"or", "nor"})
# A sentence is a question when it has a question mark or opens with one of these words
# (after greetings and fillers): patients often leave the question mark out.
QUESTION_OPENERS = frozenset({
    "what", "whats", "how", "which", "why", "is", "are", "do", "does", "can", "could", "should",
    "would", "will", "may", "might", "any", "tell", "explain", "list", "describe",
})
OPENING_FILLERS = frozenset({"please", "so", "and", "but", "ok", "okay", "hi", "hello", "hey", "um",
                             "also", "quick", "question", ",", ":", "-"})
CONFIRMS_INABILITY = frozenset({"negated", "inability"})
# Cues that set no attribute on the mentions they reach: "inability" confirms a lost ability; "carer_speaking",
# "returned", "asking_ahead", "affirmed" and "own_risk" say something of the whole message (the writer is not the
# patient; a problem over came back; the questions are asked before anything has happened; the writer has what they
# ask about; the writer asks what someone else's illness means for them).
UNSCOPED_CUES = ("inability", "carer_speaking", "returned", "asking_ahead", "affirmed", "own_risk")
# What a `crosses_terminators` cue reaches back over: a contrast, a comma, "which" or "then" ("a rash yesterday BUT
# it's gone", "sick once on friday, nothing since", "a sore throat WHICH went away", "taste went strange THEN came back
# to normal"), never "and" ("skin looks yellowish AND I've gone off my food").
REACHED_BACK_OVER = CLAUSE_BREAKS | frozenset({"but", "though", "although", "however", "yet", "which", "then"})
# The words a clause may hold before an over cue reached back over a break: "..., IT'S gone", "..., ALL cleared up",
# "..., which HAS settled".
SAYS_NOTHING_ELSE = REFERRING_OPENERS | frozenset({
    "has", "have", "had", "'s", "’s", "s", "is", "was", "were", "are", "now", "then", "completely", "totally", "fully",
    "finally", "just", "mostly", "pretty", "much", "almost", "since", "thankfully", "luckily", "though", "they",
    "they've", "they're", "theyve", "which", "also", "too", "i", "think", "guess", "seems", "to", "be", "been",
})
# What a forward cue reaches over when it covers two or more things: someone else's list of symptoms, when no one
# else is named ("my neighbour has a cough AND fever"), or a comparison ("the difference between tired AND sleepy").
JOINING_AND = frozenset({"and"})
# The span attribute each cue category sets ("not_current" reads as not reported, like a hypothetical).
ATTRIBUTE = {"negated": "negated", "hypothetical": "hypothetical", "not_current": "hypothetical",
             "resolved": "resolved"}

for _attribute in ("negated", "hypothetical", "resolved"):
    if not Span.has_extension(_attribute):
        Span.set_extension(_attribute, default=False)
if not Doc.has_extension("said"):
    Doc.set_extension("said", default=frozenset())  # the message-wide cue categories said (UNSCOPED_CUES)

Cue = tuple[Span, ContextRule]


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
        self.sweeping: frozenset[str] = frozenset()  # signals that say everything told before is over

    def set_sweeping_signals(self, codes: Iterable[str]) -> None:
        """The "all over" signals ("been fine since", "went back to work"); said of something else, they do not
        count."""
        self.sweeping = frozenset(codes)

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
                and not any(overlaps(span, s) and span.start >= s.start for s in symptoms if not is_near(s))
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
        if rule.stops_at_first_person and any(doc[i].lower_ in FIRST_PERSON and not placed_me(doc[i]) for i in between):
            return False
        # someone else's symptoms come in lists ("my neighbour has a cough and fever"): "and" does not end that cue,
        # unless someone is named after it ("my neighbour popped round and HE's been confused" may be the patient)
        in_a_list = rule.category == "not_current" and rule.stops_at_first_person \
            and not any(doc[i].lower_ in SOMEONE_ELSE for i in between)
        crossable = JOINING_AND if in_a_list or rule.crosses_and else frozenset()
        if any(i in terminators and doc[i].lower_ not in crossable for i in between):
            return False
        # a time or a person set off by a comma reaches over that comma ("Years ago, in my twenties, I had a seizure"),
        # no further ("Last year, I had shingles, this week I have a rash")
        set_off = rule.category == "not_current" and all(i == cue.end for i in between if doc[i].text in CLAUSE_BREAKS)
        if any(doc[i].text in CLAUSE_BREAKS for i in between) and not set_off:
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
        breaks = [i for i in between if i in terminators or doc[i].text in CLAUSE_BREAKS]
        if any(doc[i].lower_ not in crossable for i in breaks):
            return False
        # over a break, "over" reaches only from a clause that names nothing else of its own: "a headache yesterday,
        # IT'S gone now", not "headache today, THE ONE FROM LAST WEEK went away" (another headache); a cue that holds
        # its own "it" may have a subject ("constipated, but prunes SORTED IT")
        refers_itself = any(token.lower_ in ("it", "them") for token in cue)
        clause = range(breaks[-1] + 1, cue.start) if breaks and rule.category == "resolved" and not refers_itself \
            else range(0)
        if not all(doc[i].lower_ in SAYS_NOTHING_ELSE or doc[i].is_punct for i in clause):
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
        for signal in doc.spans.get(SIGNAL_SPAN_KEY, []):
            if signal.label_ in self.sweeping and speaks_of_another(signal, symptoms):
                signal._.hypothetical = True  # "fever tonight, my husband went back to work": not the patient's story
        doc.spans[SPAN_KEY] = [span for span in symptoms if not told_again(span, symptoms)]
        return doc


@Language.factory("symptom_context")
def make_symptom_context(nlp: Language, name: str) -> SymptomContext:
    return SymptomContext(nlp, name)
