"""Sender ids in logs: a keyed hash, stable for one key, different for another."""
from __future__ import annotations

import re

from bot.pseudonyms import pseudonym


def test_a_pseudonym_hides_the_id_and_is_stable_for_one_key():
    first = pseudonym("+15551234567", key=b"clinic-key")
    assert re.fullmatch(r"p-[0-9a-f]{12}", first)
    assert "5551234567" not in first
    assert pseudonym("+15551234567", key=b"clinic-key") == first
    assert pseudonym("+15551234568", key=b"clinic-key") != first


def test_without_the_key_the_same_id_gives_another_pseudonym():
    assert pseudonym("+15551234567", key=b"one key") != pseudonym("+15551234567", key=b"another key")


def test_the_process_key_is_used_by_default_and_any_id_type_works():
    assert pseudonym(12345) == pseudonym("12345")
    assert pseudonym("\ud800") != pseudonym("x")
