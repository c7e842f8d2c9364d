"""Who a clause speaks of: the writer, the patient a carer writes about, or someone else.

A carer writes "my husband" for the patient, so family words alone never make a mention someone else's; these
helpers read the clause around a mention when the message as a whole says who the writer is (context.py:
`carer_speaking`, `own_risk`).
"""
from spacy.tokens import Doc, Span, Token

CLAUSE_BREAKS = frozenset({",", ";"})
# Words that start a clause's subject: the second one after "if" starts the main clause.
SUBJECT_WORDS = frozenset({"i", "he", "she", "they", "we", "you", "it", "my", "his", "her", "their", "our"})
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
CLAUSE_STARTS = CLAUSE_BREAKS | frozenset({"but", "though", "although", "however", "and", "so"})


def clause_around(doc: Doc, target: Span, words_after: int) -> Span:
    """The mention's clause: from the last comma, "but" or "and" (not an "and" between two things) before it to
    `words_after` words after it (not past a comma)."""
    start, end = target.start, target.end
    while start > target.sent.start and (doc[start - 1].lower_ not in CLAUSE_STARTS or joins_things(doc, start)):
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
    clause = clause_around(doc, target, 2)
    named = [token for token in clause if token.lower_ in SOMEONE_ELSE and not _said_not(clause, token)]
    return any(token.lower_ in FIRST_PERSON for token in clause) and not named


def _names_another_person(token: Token) -> bool:
    word = token.lower_
    return word in OTHER_PEOPLE or (word.endswith("s") and word[:-1] in OTHER_PEOPLE)  # "my daughters", "hubbys"


def _whose(token: Token) -> bool:
    """'my' that says whose another person is: "MY partner", "MY little girl", "ME auld fella"."""
    return token.lower_ in POSSESSIVES and any(_names_another_person(t) for t in token.doc[token.i + 1:token.i + 4])


def placed_me(token: Token) -> bool:
    """'me' that says where someone else is, not who is ill: "the lady NEXT TO ME had a rash"."""
    return token.lower_ == "me" and token.i > 0 and token.doc[token.i - 1].lower_ in PLACE_WORDS


def _the_writer(clause: Span) -> list[Token]:
    """The writer's own words in a clause, bar "my" in "my partner" and "me" in "next to me"."""
    return [token for token in clause if token.lower_ in FIRST_PERSON and not _said_not(clause, token)
            and not _whose(token) and not placed_me(token)]


def about_someone_else_alone(doc: Doc, target: Span) -> bool:
    """The mention's clause names another person and not the writer: "MY PARTNER's got the runs" (the "my" of "my
    partner" is not the writer), not "I've got the runs from my partner's cooking". A clause that names nobody
    ("Daughter's got a bug, | vomiting since last night") is read with its whole sentence."""
    for words in (clause_around(doc, target, 6), target.sent):
        others = [token for token in words if _names_another_person(token) and not _said_not(words, token)]
        writer = _the_writer(words)
        if others or writer:
            return bool(others) and not writer
    return False


def joins_things(doc: Doc, after: int) -> bool:
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
