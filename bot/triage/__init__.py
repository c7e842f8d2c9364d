"""The triage decision: what the patient said (and what the conversation remembers) in, what to answer out.

`decide` is the one place where urgency, categories and guidance are chosen; every rule that changes
them leaves its name in `TriageResult.reasons`. Plain Python: testable without Rasa.
"""
from bot.triage.decision import decide
from bot.triage.message import Conversation, PatientMessage, carry_over
from bot.triage.policy import TriagePolicy
from bot.triage.result import TriageResult

__all__ = ["Conversation", "PatientMessage", "TriagePolicy", "TriageResult", "carry_over", "decide"]
