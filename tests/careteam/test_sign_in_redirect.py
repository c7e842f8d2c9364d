"""After signing in, a nurse goes back only to a page of the inbox itself."""
from __future__ import annotations

import pytest

from bot.careteam.inbox.app import _local_path


@pytest.mark.parametrize("target", ["/", "/?urgency=emergency&channel=twilio", "/conversations/3f2a?done=note"])
def test_inbox_paths_are_kept(target: str):
    assert _local_path(target) == target


@pytest.mark.parametrize("target", ["//evil.example/phish", "/\\evil.example", "/\t/evil.example",
                                    "https://evil.example/", "javascript:alert(1)", "", "/<script>"])
def test_anything_else_goes_to_the_list(target: str):
    assert _local_path(target) == "/"
