"""Find a body temperature in free text, in °F or °C, in digits or words, and normalise it to °C."""
from __future__ import annotations

import re
from dataclasses import dataclass

FEVER_THRESHOLD_C = 38.0
LOW_TEMPERATURE_C = 36.0  # below it, with feeling cold, clammy or unwell: a warning sign (docs/triage.md)
CELSIUS_RANGE = (34.0, 43.5)
FAHRENHEIT_RANGE = (93.0, 110.5)

# Not part of a longer number, a date or a negative number; the upper end of a range counts ("99-100,6").
_NUMBER = r"(?<![\d.,/])(?<!(?<!\d)-)(\d{2,3}(?:[.,]\d{1,2})?)(?![\d])"
_UNIT = r"\s*(?:°|º|degrees?|deg)?\s*(fahrenheit|celsius|centigrade|f|c)?(?:ish)?\b"
_READING = re.compile(_NUMBER + r"(\s*(?:°|º|degrees?|deg))?" + _UNIT, re.IGNORECASE)
# A reading told as a band, "low 38s" or "in the high 99s": read as the band's whole number.
_BAND = re.compile(r"\b(?:low|mid|middle|high|upper|lower)[\s-]*(3[5-9]|9[5-9]|10[0-4])'?s\b", re.IGNORECASE)
_CONTEXT = re.compile(
    r"\b(temp|temps|temperature|fever|feverish|thermometer|forehead|armpit|reading|read|running|spiked?|"
    r"spiking|degrees?|hot|burning up|it'?s|its|was|is|at|about|around|of|over|nearly|almost|hit|reached)\b",
    re.IGNORECASE,
)
_NOT_TEMPERATURE = re.compile(
    r"^\s*(?:%|percent|per cent|mg|kg|g|lbs?|pounds|years?|yrs?|yo|y/o|days?|hours?|hrs?|minutes?|mins?|weeks?|months?|"
    r"am|pm|bpm|beats|mmhg|ml|cc|units?|times|x|/|\.\d)",
    re.IGNORECASE,
)
# A number right after another measure ("pulse 99", "sugar 7.2"), in the same clause: "dose yesterday and now
# he's 39.4" is a temperature.
_OTHER_MEASURE = re.compile(
    r"\b(pulse|heart|hr|bpm|bp|blood pressure|pressure|oxygen|o2|sats?|saturation|spo2|rate|weigh\w*|"
    r"dose|mg|sugar|glucose|count|platelets?|age|aged|room)\b(?:(?!\b(?:and|but|now|then)\b)[^.\d,;]){0,40}$",
    re.IGNORECASE,
)
# A line the temperature did not reach is not a reading: "98.4 since, never got to 100.4", "didn't hit 38".
_NOT_REACHED = re.compile(
    r"\b(?:never|not|n't|nt|didn'?t|did not|hasn'?t|has not|wasn'?t|was not)\s+(?:\w+\s+){0,2}?"
    r"(?:got to|get to|gotten to|reach(?:ed)?|hit|(?:go|went|gone) (?:above|over)|above|over)"
    r"\s*$",
    re.IGNORECASE,
)
_CONTEXT_AFTER = re.compile(
    r"^[^.\d]{0,30}?\b(thermometer|temp|temperature|degrees?|fever|on the ear|in the ear|in my ear|under the tongue|"
    r"under my tongue|under the arm|under my arm|armpit|on the forehead|on my forehead)\b",
                            re.IGNORECASE)
_UNITS = {"zero": 0, "oh": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "eight": 8, "nine": 9}
_DIGIT = r"(zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPOKEN = re.compile(
    r"\b(?:(?:(?:a|one)\s+)?(hundred)(?:\s+and)?(?:\s+" + _DIGIT + r")?|(thirty|ninety)(?:[\s-]+" + _DIGIT + r")?)"
    r"(?:\s+point\s+" + _DIGIT + r")?\b",
    re.IGNORECASE)
# A message that opens with a reading and goes on ("39 and really short of breath", "101ish I think"); a low
# opening number is more likely oxygen ("95 and dizzy").
_OPENING_READING_MIN_C = 37.0
_OPENS_WITH_A_NUMBER = re.compile(r"^\W*(\d{2,3}(?:[.,]\d{1,2})?)(?:ish)?\b(?!\s*[/:%])", re.IGNORECASE)
_ENDS_A_READING = re.compile(r"\s*(?:$|[,.;:!?-]|and\b|now\b|this\b|today\b|tonight\b|again\b)", re.IGNORECASE)
_ONLY_A_NUMBER = re.compile(r"^\W*(?:(?:it'?s|its|about|around|maybe|just|now|temp(?:erature)?|is)\W+)*"
                            r"\d{2,3}(?:[.,]\d{1,2})?\s*(?:°|º|degrees?|deg)?\s*(?:f|c)?\W*$",
                            re.IGNORECASE)


@dataclass(frozen=True)
class Temperature:
    """A temperature reading found in a message."""

    celsius: float
    text: str
    start: int = 0
    end: int = 0

    @property
    def fahrenheit(self) -> float:
        return round(self.celsius * 9 / 5 + 32, 1)

    @property
    def is_fever(self) -> bool:
        return self.celsius >= FEVER_THRESHOLD_C - 1e-9

    @property
    def is_low(self) -> bool:
        return self.celsius < LOW_TEMPERATURE_C - 1e-9


def _to_celsius(value: float, unit: str | None) -> float | None:
    unit = (unit or "").lower()
    if unit.startswith("f"):
        return (value - 32) * 5 / 9 if FAHRENHEIT_RANGE[0] <= value <= FAHRENHEIT_RANGE[1] else None
    if unit.startswith("c"):
        return value if CELSIUS_RANGE[0] <= value <= CELSIUS_RANGE[1] else None
    if CELSIUS_RANGE[0] <= value <= CELSIUS_RANGE[1]:
        return value
    if FAHRENHEIT_RANGE[0] <= value <= FAHRENHEIT_RANGE[1]:
        return (value - 32) * 5 / 9
    return None


def find_temperatures(text: str) -> list[Temperature]:
    """Every plausible body temperature in text, most recent mention last.

    A number counts when it has a unit or degree sign, a decimal part ("101.5 and wheezy"),
    words such as "temp" or "fever" near it, or when the whole message is the reading ("101").
    """
    found = []
    whole_message = bool(_ONLY_A_NUMBER.match(text))
    opens_with = _OPENS_WITH_A_NUMBER.match(text)
    if opens_with and not _ENDS_A_READING.match(text[opens_with.end():]):
        opens_with = None  # "38 exactly" may be anything; "39 and short of breath", "101ish, I think" a reading
    for match in _READING.finditer(text):
        number, degree, unit = match.group(1), match.group(2), match.group(3)
        if _NOT_TEMPERATURE.match(text[match.end(1):]) and not (degree or unit):
            continue
        nearby = text[max(0, match.start() - 40):match.start()]
        if (_OTHER_MEASURE.search(nearby) and not (degree or unit)) or _NOT_REACHED.search(nearby):
            continue
        has_decimal = bool(re.search(r"[.,]\d", number))
        context = _CONTEXT.search(nearby) or _CONTEXT_AFTER.search(text[match.end():])
        first = opens_with is not None and match.start(1) == opens_with.start(1)
        if not (degree or unit or whole_message or has_decimal or context or first):
            continue
        celsius = _to_celsius(float(number.replace(",", ".")), unit)
        only_first = first and not (degree or unit or whole_message or has_decimal or context)
        if celsius is not None and not (only_first and celsius < _OPENING_READING_MIN_C):
            found.append(Temperature(celsius=round(celsius, 2), text=match.group(0).strip(),
                                     start=match.start(), end=match.start() + len(match.group(0).strip())))
    return found + _band_temperatures(text) + _spoken_temperatures(text)


def _band_temperatures(text: str) -> list[Temperature]:
    """ "low 38s all day", "high 99s": the band's lower bound, a reading in its own right."""
    found = []
    for match in _BAND.finditer(text):
        celsius = _to_celsius(float(match.group(1)), None)
        if celsius is not None:
            found.append(Temperature(celsius=round(celsius, 2), text=match.group(0), start=match.start(),
                                     end=match.end()))
    return found


def _spoken_value(match: re.Match) -> float:
    """ "thirty eight point five" -> 38.5, "a hundred and one" -> 101, "ninety nine" -> 99."""
    hundred, hundred_units, tens, units, decimal = match.groups()
    whole = 100 + _UNITS.get((hundred_units or "").lower(), 0) if hundred else \
        {"thirty": 30, "ninety": 90}[tens.lower()] + _UNITS.get((units or "").lower(), 0)
    return whole + (_UNITS[decimal.lower()] / 10 if decimal else 0.0)


def _spoken_temperatures(text: str) -> list[Temperature]:
    """Readings written in words ("thermometer said thirty eight point five"), with temperature words near them."""
    found = []
    for match in _SPOKEN.finditer(text):
        nearby = text[max(0, match.start() - 40):match.start()]
        # "thirty eight point four" is a reading whatever surrounds it; so is one that opens the message
        opening = not re.sub(r"\W", "", nearby) and _ENDS_A_READING.match(text[match.end():])
        said_alone = match.group(5) is not None or bool(opening)
        if not (said_alone or _CONTEXT.search(nearby) or _CONTEXT_AFTER.search(text[match.end():])):
            continue
        celsius = _to_celsius(_spoken_value(match), None)
        if celsius is not None:
            found.append(Temperature(celsius=round(celsius, 2), text=match.group(0), start=match.start(),
                                     end=match.end()))
    return found


_SAID_AS_TEMPERATURE = re.compile(
    r"\b(?:temp|temperature|fever|thermometer)\b[^.\d]{0,20}?(-?\d+(?:[.,]\d+)?(?:e\d+)?)\s*(°|º|degrees?)?\s*(f|c)?\b",
    re.IGNORECASE)


def implausible_temperatures(text: str) -> list[str]:
    """Readings said as a temperature that no body can have ("my temperature is 1000 °F"): worth a recheck."""
    found = []
    for match in _SAID_AS_TEMPERATURE.finditer(text):
        try:
            value = float(match.group(1).replace(",", "."))
        except ValueError:
            continue
        if _to_celsius(value, match.group(3)) is None and not 0 <= value <= 12:  # "temp 2 days" is no reading
            found.append(match.group(0).strip())
    return found


def highest_temperature(text: str) -> Temperature | None:
    """The highest plausible reading in text (the one that matters for triage), if any."""
    readings = find_temperatures(text)
    return max(readings, key=lambda t: t.celsius) if readings else None
