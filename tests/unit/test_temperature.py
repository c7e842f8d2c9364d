import pytest

from bot.temperature import find_temperatures, highest_temperature


@pytest.mark.parametrize("text, celsius", [
    ("38.5", 38.5),
    ("it's 101.2", 38.4),
    ("temp 99.8 F", 37.7),
    ("thermometer says 37.9 C", 37.9),
    ("around 39 degrees", 39.0),
    ("38,6", 38.6),
    ("100.4°F", 38.0),
    ("fever of 102", 38.9),
    ("she is 39.2c and shaking", 39.2),
    ("101.5 and wheezy", 38.6),
])
def test_readings_in_both_units_are_normalised_to_celsius(text, celsius):
    assert highest_temperature(text).celsius == pytest.approx(celsius, abs=0.05)


@pytest.mark.parametrize("text", [
    "I'm 38 years old", "took 10 mg at 8", "my bp is 100/60", "heart rate 110", "pulse is 100",
    "I weigh 101 pounds", "I have 2 kids", "room 104", "38 mg of something",
])
def test_numbers_that_are_not_body_temperatures_are_ignored(text):
    assert highest_temperature(text) is None


def test_fever_threshold_is_100_4_f_or_38_c_inclusive():
    assert highest_temperature("100.4 F").is_fever
    assert highest_temperature("38 C").is_fever
    assert not highest_temperature("100.3 F").is_fever
    assert not highest_temperature("37.9 C").is_fever


def test_highest_of_several_readings_wins():
    readings = find_temperatures("this morning 37.2, tonight temp 38.9")
    assert [r.celsius for r in readings] == [37.2, 38.9]
    assert highest_temperature("this morning 37.2, tonight temp 38.9").celsius == 38.9


def test_implausible_values_are_not_temperatures():
    assert highest_temperature("temp 45") is None
    assert highest_temperature("temp 120 F") is None


@pytest.mark.parametrize("text, celsius", [
    ("38 exactly on the ear thermometer", 38.0),
    ("thermometer said thirty eight point five", 38.5),
    ("temp is a hundred and one", 38.3),
    ("fever of one hundred and two point four", 39.1),
    ("hundred and two degrees on the thermometer", 38.9),
    ("ninety nine point five on the thermometer", 37.5),
])
def test_readings_with_the_temperature_word_after_or_in_words(text, celsius):
    assert highest_temperature(text).celsius == pytest.approx(celsius, abs=0.05)


@pytest.mark.parametrize("text", ["I am thirty eight years old", "a hundred people at the clinic", "38 exactly"])
def test_number_words_without_a_temperature_word_are_not_readings(text):
    assert highest_temperature(text) is None


@pytest.mark.parametrize("text, celsius", [
    ("he had his 2nd dose yesterday and now hes 39.4", 39.4), ("dose was 10 mg and now I'm 38.2", 38.2),
])
def test_a_measure_word_in_an_earlier_clause_does_not_hide_a_temperature(text, celsius):
    assert highest_temperature(text).celsius == pytest.approx(celsius)


@pytest.mark.parametrize("text", ["my blood sugar this morning was 7.2", "pulse 99", "platelets were 38.5 last week"])
def test_a_number_after_another_measure_in_its_clause_is_not_a_temperature(text):
    assert highest_temperature(text) is None
