"""Phone numbers as patients read and dial them, parsed with the maintained `phonenumbers` library.

A number is shown once, in the clinic region's usual national form ("(212) 555-0123" in the US,
"020 7946 0000" in the UK) or in international form when it belongs to another country, and gets a
tel: link a phone can dial. Short numbers (911, 988, 112) are shown and dialled as they are.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from phonenumbers import NumberParseException, PhoneNumberFormat, ValidationResult

DEFAULT_REGION = "US"
SHORT_NUMBER = re.compile(r"\d{3,6}")


@dataclass(frozen=True)
class Phone:
    """A number as written for patients (`display`), how a phone dials it (`tel`), and whether it checked out."""

    display: str
    tel: str
    valid: bool


def parse_phone(text: str, region: str = DEFAULT_REGION) -> Phone | None:
    """The number in `text` for a clinic in `region` (ISO 3166 code); None when it is not a phone number."""
    text = " ".join(text.split())
    if SHORT_NUMBER.fullmatch(text):
        return Phone(display=text, tel=f"tel:{text}", valid=True)
    try:
        number = phonenumbers.parse(text, region)
    except NumberParseException:
        return None
    possible = phonenumbers.is_possible_number_with_reason(number)
    if possible == ValidationResult.IS_POSSIBLE_LOCAL_ONLY:
        # Dialled without an area code ("555-0100"): the link dials the digits as they are.
        digits = phonenumbers.national_significant_number(number)
        return Phone(display=phonenumbers.format_number(number, PhoneNumberFormat.NATIONAL), tel=f"tel:{digits}",
                     valid=False)
    if possible != ValidationResult.IS_POSSIBLE:
        return None
    home = phonenumbers.country_code_for_region(region) == number.country_code
    style = PhoneNumberFormat.NATIONAL if home else PhoneNumberFormat.INTERNATIONAL
    tel = phonenumbers.format_number(number, PhoneNumberFormat.RFC3966).replace("-", "")
    return Phone(display=phonenumbers.format_number(number, style), tel=tel,
                 valid=phonenumbers.is_valid_number(number))


def is_known_region(region: str) -> bool:
    """True for a region code the phone number library has numbering rules for ("US", "GB", ...)."""
    return region in phonenumbers.SUPPORTED_REGIONS
