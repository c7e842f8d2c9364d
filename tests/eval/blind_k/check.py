"""Checks written.yml (run from this folder: `python3 check.py`) and prints its counts (the set writer's checker)."""
import collections
from pathlib import Path

import yaml

URGENCIES = {"emergency", "contact_now", "report_if_bothersome", "none"}
CATEGORIES = {"crs", "icans", "infection", "liver", "bleeding", "allergy", "common"}
FIELDS = {"text", "urgency", "categories", "kind", "half", "note"}


def problems(item: dict) -> list[str]:
    found = []
    if set(item) != FIELDS:
        found.append("fields")
    if item["urgency"] not in URGENCIES or not set(item["categories"]) <= CATEGORIES or item["kind"] != "written" \
            or item["half"] not in ("A", "B"):
        found.append("bad value")
    if (item["urgency"] == "none") == bool(item["categories"]):
        found.append("categories do not match the urgency")
    if (item["half"] == "B") != (item["urgency"] == "none"):
        found.append("half does not match the urgency")
    if len(set(item["categories"])) != len(item["categories"]):
        found.append("a category twice")
    return found


def band(text: str) -> str:
    words = len(text.split())
    return "short" if words <= 12 else "medium" if words <= 24 else "long"


def main() -> None:
    document = yaml.safe_load(Path("written.yml").read_text())
    messages = document["messages"]
    assert document["version"] == 1
    texts = [m["text"] for m in messages]
    print("items", len(messages), "unique texts", len({t.lower().strip() for t in texts}))
    bad = 0
    for message in messages:
        for problem in problems(message):
            bad += 1
            print(problem, message["text"])
    print("bad", bad)
    print("urgency", collections.Counter(m["urgency"] for m in messages))
    for half in "AB":
        print(half, collections.Counter(m["urgency"] for m in messages if m["half"] == half),
              collections.Counter(band(m["text"]) for m in messages if m["half"] == half))
    print("categories x urgency",
          sorted(collections.Counter((c, m["urgency"]) for m in messages for c in m["categories"]).items()))


if __name__ == "__main__":
    main()
