"""The closed sets of names that the data files and the triage metadata use."""
from __future__ import annotations

from enum import IntEnum

CATEGORIES = ("crs", "icans", "infection", "liver", "bleeding", "allergy", "common")


class Urgency(IntEnum):
    """Urgency levels, ordered so that max() gives the most urgent."""

    NONE = 0
    REPORT_IF_BOTHERSOME = 1
    CONTACT_NOW = 2
    EMERGENCY = 3

    @property
    def label(self) -> str:
        """The name used in data files and in the triage metadata."""
        return self.name.lower()

    @classmethod
    def from_label(cls, label: str) -> "Urgency":
        """Parse a label such as ``contact_now``; raises KeyError for unknown labels."""
        return cls[label.upper()]


URGENCY_LABELS = tuple(u.label for u in Urgency)
