"""Typo repair: unknown words and real-word errors next to symptom words, and the words it must leave alone."""
import pytest

from bot.detection import default_detector
from bot.nlp.spelling import Respeller, deletions, edit_distance, is_english


@pytest.fixture(scope="module")
def detect():
    return default_detector().detect


@pytest.fixture(scope="module")
def respeller() -> Respeller:
    forms = {"fever": "fever", "heart": "heart", "breath": "breath", "tongue": "tongue", "numb": "numb",
             "oozing": "ooze", "hard": "hard", "skin": "skin"}
    return Respeller(forms)


def test_english_words_come_from_the_frequency_list():
    assert is_english("dozing") and is_english("fewer") and is_english("hart")
    assert not is_english("feaver") and not is_english("tounge")


def test_deletions_and_edit_distance():
    assert deletions("abc", 1) == {"abc", "bc", "ac", "ab"}
    assert edit_distance("hart", "heart", 2) == 1
    assert edit_distance("brest", "breath", 2) == 2
    assert edit_distance("teh", "the", 1) == 1  # transposition
    assert edit_distance("abcdef", "uvwxyz", 2) == 3


@pytest.mark.parametrize("word, norm", [("feaver", "fever"), ("tounge", "tongue"), ("hearrt", "heart")])
def test_unknown_words_are_repaired_to_the_closest_lexicon_word(respeller, word, norm):
    assert respeller.repair_unknown(word) == norm


@pytest.mark.parametrize("word", ["dozing", "fewer", "hart", "fev", "fever"])
def test_known_words_and_short_words_are_not_repaired_as_unknown(respeller, word):
    assert respeller.repair_unknown(word) is None


def test_real_words_offer_much_commoner_lexicon_words_only(respeller):
    assert set(respeller.real_word_alternatives("hart")) == {"heart", "hard"}
    assert respeller.real_word_alternatives("brest") == ("breath",)
    assert respeller.real_word_alternatives("shins") == ()   # two edits from "skin", but not a rare word
    assert respeller.real_word_alternatives("fewer") == ()   # about as common as "fever"
    assert respeller.real_word_alternatives("number") == ()  # far commoner than "numb"
    assert respeller.real_word_alternatives("feaver") == ()  # not an English word


def test_an_unknown_word_left_alone_by_repair_offers_the_lexicon_words_one_edit_away(respeller):
    # the normaliser asks only when repair left the word alone
    assert respeller.unrepaired_alternatives("feaver") == ("fever",)
    assert respeller.unrepaired_alternatives("zzzzzz") == ()
    assert respeller.unrepaired_alternatives("fewer") == ()  # an English word: real_word_alternatives decides


@pytest.mark.parametrize("text, code", [
    ("my hart is racing", "fast_heartbeat"),
    ("hart beating really fast since the infusion", "fast_heartbeat"),
    ("hart pounding all night", "fast_heartbeat"),
    ("I'm so short of brest", "breathing_trouble"),
    ("I can't catch my brest", "breathing_trouble"),
    ("brething is hard", "breathing_trouble"),
    ("shakey hands this morning", "tremor"),
    # a word that sounds like the symptom word, or an unknown word kept from repair by a commoner rival ("stolen")
    ("chest pane since lunch", "chest_pain"),
    ("soar throat and hot", "sore_throat"),
    ("feeling feint when I stand", "feeling_faint"),
    ("swolen ankles tonight", "leg_swelling"),
])
def test_typos_next_to_symptom_words_are_repaired(detect, text, code):
    assert code in detect(text).present


@pytest.mark.parametrize("text", [
    "we met at the white hart pub",
    "hart",
    "fewer visits this month",
    "I wrote the number on my hand",
    "a number of people asked",
    "brest is a city in france",
    "the window pane is cracked",
    "watching the gulls soar",
    "see you next week",
    "my bike was stolen",
])
def test_real_words_stay_as_written_without_symptom_neighbours(detect, text):
    assert detect(text).present == ()


@pytest.mark.parametrize("text", ["I keep dozing off", "dozing off in my chair all day"])
def test_dozing_off_is_drowsiness_not_an_oozing_wound(detect, text):
    assert detect(text).present == ("drowsiness",)


def test_an_unconfirmed_respelling_leaves_the_word_alone():
    doc = default_detector().nlp("the white hart pub")
    hart = doc[2]
    assert hart._.respellings and hart.norm_ == "hart"


def test_an_unknown_word_as_close_to_a_much_commoner_english_word_is_left_alone():
    from bot.detection import default_detector

    assert default_detector().detect("my signature looks like a childs").present == ()
    assert default_detector().detect("feaver and tounge swelling").present == ("fever", "throat_or_face_swelling")


def test_an_everyday_word_is_not_read_as_the_symptom_word_it_sounds_like(detect):
    # "week" is not "weak": no weak left side in "left the gas on twice this week"
    assert detect("keep forgetting things, left the gas on twice this week").present == (
        "memory_or_personality_change",)
