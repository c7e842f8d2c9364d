"""What one part of a message says of another: a short clause that refers back to the one before it ("... a
feverish feeling. Lasted a couple of days and subsided."), and a vague word that repeats a symptom already named
("muscle pain ... ibuprofen for pain")."""
from spacy.tokens import Doc, Span

from bot.nlp.people import CLAUSE_BREAKS, NEGATION_WORDS, SOMEONE_ELSE, SUBJECT_WORDS
from bot.nlp.symptom_matcher import VAGUE_CODE, overlaps

# A short clause that names no symptom and opens with one of these words speaks of the clause before it, when its
# cue is marked `refers_back`: "dizzy when I stood up but THAT was 2 years ago", "a little feverish feeling. LASTED a
# couple of days and subsided." ("they" is left out: it is as often people as symptoms).
REFERRING_OPENERS = frozenset({"it", "it's", "its", "that", "that's", "thats", "this", "both", "all", "everything",
                               "lasted", "lasting", "gone", "fine"})
# A cue may also open its clause itself, after a break and one of these: "a seizure once, | YEARS AGO", "hives, | back
# IN 2019".
LEADING_WORDS = frozenset({"back", "and", "then", "but"})
MAX_REFERRING_CLAUSE = 10  # words: "it went away after a couple of days of rest", not a story of its own
CONTRASTS = frozenset({"but", "though", "although", "however", "yet", ";"})
# Words after a vague word that give it a place of its own: "muscle pain and pain IN my side" is two complaints.
PLACE_AFTER = frozenset({"in", "on", "at", "around", "under", "behind", "near", "when", "while", "with", "after",
                         "across", "down", "up", "through", "from", "of", "inside"})


def _clause_start(doc: Doc, end: int, floor: int) -> int:
    """Where the clause ending at `end` starts: after the last contrast, or the last comma or "and" that a subject or
    a referring word follows ("I have a headache AND I was dizzy", "a feverish feeling, IT lasted a day"), never
    before `floor`."""
    i = end
    while i > floor:
        word, following = doc[i - 1].lower_, doc[i].lower_ if i < len(doc) else ""
        if word in CONTRASTS or (word in (",", "and") and (following in SUBJECT_WORDS or following in SOMEONE_ELSE
                                                           or following in REFERRING_OPENERS)):
            return i
        i -= 1
    return floor


def _cue_clause_start(doc: Doc, cue: Span) -> tuple[int, bool]:
    """Where the clause of a cue starts, and whether the cue itself opens it: after a break just before the cue ("a
    seizure once, | years ago", "hives, | back in 2019"); else where `_clause_start` finds it."""
    floor = cue.sent.start
    for start in (cue.start, cue.start - 1):
        if start > floor and (start == cue.start or doc[start].lower_ in LEADING_WORDS) \
                and (doc[start - 1].text in CLAUSE_BREAKS or doc[start - 1].lower_ in CONTRASTS):
            return start, True
    return _clause_start(doc, cue.start, floor), False


def referred_back(doc: Doc, cue: Span, symptoms: list[Span]) -> list[Span]:
    """The mentions of the clause before a short clause that names no symptom and opens with "it", "that" or
    "lasted", or with the cue itself after a break ("... dizzy when I stood up | but that was 2 years ago", "a seizure
    once, | years ago"); at a sentence's start, of the last clause of the sentence before ("... a little feverish
    feeling. | Lasted a couple of days and subsided.")."""
    sentence = cue.sent
    start, cue_opens = _cue_clause_start(doc, cue)
    end = cue.end
    while end < sentence.end and doc[end].lower_ not in CONTRASTS and doc[end].text not in CLAUSE_BREAKS:
        end += 1
    words = [token for token in doc[start:end] if not token.is_punct]
    # the clause ends its sentence and says the problem is over, nothing else: not "it subsided BUT is still there",
    # "it hasn't gone", "it's still not gone"
    opens = bool(words) and (words[0].lower_ in REFERRING_OPENERS or cue_opens)
    if not opens or len(words) > MAX_REFERRING_CLAUSE \
            or any(token.lower_ in CONTRASTS for token in doc[end:sentence.end]) \
            or any(token.lower_ in NEGATION_WORDS or token.lower_ == "still" for token in words) \
            or any(overlaps(s, doc[start:end]) for s in symptoms):
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


# What the clause of a sweeping "all over" signal may hold before it (with numbers: dates, times, readings) and still
# speak of the patient's own story: "..., I've been fine since", "... by Friday everything was back to normal", "...
# oral temp 98.6F, symptoms resolved"; not "MY HUSBAND went back to work", "THE ONE I HAD IN MAY hasn't come back".
OWN_STORY_WORDS = REFERRING_OPENERS | frozenset({
    "i", "i've", "ive", "i'm", "im", "we", "we've", "my", "the", "and", "so", "then", "now", "been", "have", "has",
    "had", "was", "were", "is", "are", "'s", "’s", "'ve", "by", "on", "within", "after", "since", "later", "eventually",
    "today", "yesterday", "tonight", "morning", "evening", "night", "afternoon", "day", "days", "week", "weeks",
    "hours", "a", "few", "couple", "of", "two", "three", "next", "following", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "just", "finally", "thankfully", "luckily", "completely", "totally",
    "back", "to", "most", "first", "oral", "temp", "temperature", "am", "pm", "at", "around", "about", "last", "from",
})


def speaks_of_another(signal: Span, symptoms: list[Span]) -> bool:
    """An "all over" signal whose own clause names something else: "fever tonight, MY HUSBAND went back to work", "a
    headache now. THE ONE I HAD IN MAY hasn't come back", or a symptom of its own after others ("rash all over my
    chest. THE ITCH from last week hasn't come back"): it speaks of that, not of everything told before. "Last week's
    nosebleed never came back" still speaks of the whole story."""
    doc = signal.doc
    start = signal.start
    breaks = CLAUSE_BREAKS | CONTRASTS | {"and", "so"}
    while start > signal.sent.start and doc[start - 1].lower_ not in breaks:
        start -= 1
    named = {i for s in symptoms for i in range(s.start, s.end)}
    clause = range(start, signal.start)
    if any(i in named for i in clause) and any(s.end <= start for s in symptoms):
        return True
    return any(not (token.is_punct or token.lower_ in OWN_STORY_WORDS or token.i in named
                    or any(c.isdigit() for c in token.text))
               for token in doc[start:signal.start])


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
