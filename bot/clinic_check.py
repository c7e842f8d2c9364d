"""The start-up check of the clinic's settings: what a patient would miss, said plainly before anyone chats.

Usage: python -m bot.clinic_check   (`make run` calls it first; it never stops the start-up)
"""
from __future__ import annotations

import os
import sys
from typing import Mapping

from bot.config import CARE_TEAM_PHONE_UNSET, clinic_region
from bot.phone import is_known_region, parse_phone

EXAMPLE = 'CARE_TEAM_PHONE="(212) 555-0123" make run'


def clinic_warnings(environ: Mapping[str, str] = os.environ) -> list[str]:
    """One plain sentence per setting a clinic must fix before going live (empty when all is well)."""
    warnings = []
    region_setting = environ.get("CLINIC_REGION", "").strip()
    if region_setting and not is_known_region(region_setting.upper()):
        warnings.append(f"CLINIC_REGION={region_setting!r} is not a country code such as US or GB; "
                        f"phone numbers are read as {clinic_region()} numbers.")
    region = clinic_region()
    configured = " ".join(environ.get("CARE_TEAM_PHONE", "").split())
    if not configured:
        warnings.append(f'CARE_TEAM_PHONE is not set: patients are told to call their care team at '
                        f'"{CARE_TEAM_PHONE_UNSET}" and the web chat has no button to call them. '
                        f"Set it before going live, for example: {EXAMPLE}")
        return warnings
    phone = parse_phone(configured, region)
    if phone is None:
        warnings.append(f"CARE_TEAM_PHONE={configured!r} is not a phone number: patients see it as written, "
                        "with no link to call it.")
    elif not phone.valid:
        warnings.append(f"CARE_TEAM_PHONE={configured!r} is not a number in use in region {region} "
                        f"(CLINIC_REGION); patients see {phone.display}. Check it before going live.")
    return warnings


def main() -> int:
    for warning in clinic_warnings():
        print(f"WARNING: {warning}", file=sys.stderr, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
