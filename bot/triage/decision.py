"""The triage decision: one function, one ordered list of rules, each leaving its name on the result.

Safety rules enforced here, whatever the classifier says:
- a recognised symptom is never answered below its documented urgency (the lexicon's floor);
- the highest urgency of everything found wins, and every category found is addressed;
- negated or hypothetical mentions never trigger triage;
- a message the classifier thinks is a symptom report, but with nothing recognised, gets the
  safe answer (contact the care team now);
- an instruction (emergency, contact now, or keep an eye on a common side effect) stays in force, and
  leads every reply, until the patient says it is done or its time window passes; a milder message never
  lowers it.

Read `DECISION_STEPS` from top to bottom: that is the order in which the rules run.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations, product
from typing import Callable

from bot.detection import Mention
from bot.knowledge import Knowledge, default_knowledge
from bot.names import SYMPTOM_INTENT_CATEGORIES, SYMPTOM_INTENTS, URGENCIES_IN_FORCE, Code, Intent, SignalCode
from bot.triage.guidance import choose_guidance
from bot.triage.message import NEW_CONVERSATION, Conversation, InForce, PatientMessage, Remembered
from bot.triage.policy import DEFAULT_POLICY, TriagePolicy
from bot.triage.result import TriageResult
from bot.vitals import SYMPTOMS_OF_READING, follow_up_finding
from bot.vocabulary import CATEGORIES, Urgency

MAX_SPANS_PER_GROUP = 4  # mentions of a combination's group looked at when telling its symptoms apart

# What a home reading (temperature, blood pressure, pulse, oxygen) speaks to: a classifier that hears these
# categories in a message with a normal reading has heard the reading.
READING_CATEGORIES = frozenset({"crs", "infection"})


@dataclass
class Draft:
    """The decision while the rules run: every change goes through a method that records its reason."""

    message: PatientMessage
    conversation: Conversation
    knowledge: Knowledge
    policy: TriagePolicy
    present: list[str] = field(default_factory=list)
    negated: list[str] = field(default_factory=list)
    urgency: Urgency = Urgency.NONE
    category_urgency: dict[str, Urgency] = field(default_factory=dict)
    escalations: list[str] = field(default_factory=list)
    earlier: list[str] = field(default_factory=list)  # symptoms of earlier turns still in the memory window
    over: list[str] = field(default_factory=list)  # symptoms the patient says are over
    unclear: bool = False
    fever_assumed: bool = False
    low_temperature: bool = False  # below 36 °C while unwell
    recheck: bool = False  # a reading no body can have: ask to measure again
    reading_again: str | None = None  # a bare number read as the kind of reading given last turn
    classifier_counts: bool = True
    own_urgency: Urgency = Urgency.NONE  # what this message alone called for, before the instruction in force
    in_force: InForce | None = None  # the earlier instruction still in force this turn
    reminds: bool = False  # the reply reminds of the instruction in force
    resolved: str | None = None  # the resolution signal that ended the instruction in force
    follow_ups: list[str] = field(default_factory=list)  # question/update signals answered in its light
    reasons: list[str] = field(default_factory=list)
    guidance_ids: list[str] = field(default_factory=list)

    def because(self, reason: str) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)

    def raise_to(self, urgency: Urgency, reason: str) -> None:
        self.urgency = max(self.urgency, urgency)
        self.because(reason)

    def raise_category(self, category: str, urgency: Urgency) -> None:
        self.category_urgency[category] = max(self.category_urgency.get(category, Urgency.NONE), urgency)

    def add_present(self, code: str) -> None:
        if code not in self.present:
            self.present.append(code)
        if code in self.negated:
            self.negated.remove(code)

    def signals(self, kind: str, negated: bool = False) -> list[str]:
        """Codes of the signals of this kind said as facts (or, with `negated`, said negated), in order."""
        codes = [s.code for s in self.message.findings.signals
                 if not s.hypothetical and s.negated == negated and self.knowledge.signals[s.code].kind == kind]
        return list(dict.fromkeys(codes))


Step = Callable[[Draft], None]


def _inside(mention: Mention, spans: list[Mention]) -> bool:
    return any(mention.start < s.end and s.start < mention.end for s in spans)


def _told_before(draft: Draft, code: str) -> bool:
    """The symptom was reported in an earlier turn still remembered."""
    return any(r.code == code for r in draft.conversation.earlier)


def _said_over(draft: Draft, code: str) -> bool:
    """The patient says this symptom is over ("it's gone now"), rather than that they don't have it."""
    return code in draft.over or any(m.code == code and m.resolved for m in draft.message.findings.mentions)


def _counts_when_over(draft: Draft, code: str) -> bool:
    """An emergency sign that stopped still counts; so does one the lexicon marks, unless told in an earlier turn
    (then "it has stopped" is news about something already answered) or over for a while ("been fine since")."""
    symptom = draft.knowledge.symptoms[code]
    over_for_a_while = draft.message.findings.has_signal(SignalCode.FINE_SINCE)
    return symptom.urgency == Urgency.EMERGENCY or (symptom.counts_when_over and not _told_before(draft, code)
                                                    and not over_for_a_while)


def read_findings(draft: Draft) -> None:
    """What the message reports: present and negated mentions, home readings, a measured temperature."""
    findings = draft.message.findings
    # A symptom named inside a follow-up question ("can I sleep it off?") is asked about, not reported.
    questions = [s for s in findings.signals if s.is_present and draft.knowledge.signals[s.code].kind == "question"]
    # "... all the symptoms were gone by morning": what was told before such a statement is over (bar emergencies).
    over_from = min((s.start for s in findings.signals if s.is_present
                     and draft.knowledge.signals[s.code].kind == "all_over"), default=None)
    present = []
    for mention in findings.mentions:
        if not mention.is_present:
            continue
        if over_from is not None and mention.end <= over_from and not _counts_when_over(draft, mention.code):
            draft.over.append(mention.code)
            continue
        present.append(mention)
    draft.present = list(dict.fromkeys(m.code for m in present if not _inside(m, questions)))
    asked = [m.code for m in present if m.code not in draft.present] + list(findings.hypothetical)
    for code in dict.fromkeys(asked):
        draft.because(f"asked_about:{code}")  # or about someone else, or the distant past
    # A problem said to be over counts as absent, unless it is an emergency sign (a seizure that stopped or a
    # faint the patient came round from still needs emergency care) or marked so in the lexicon (a nosebleed
    # that stopped, with platelets this treatment can lower).
    for mention in findings.mentions:
        if mention.resolved and not (mention.negated or mention.hypothetical) \
                and _counts_when_over(draft, mention.code):
            draft.add_present(mention.code)
            draft.because(f"over_but_still_urgent:{mention.code}")
    draft.negated = [code for code in dict.fromkeys([*findings.negated, *draft.over]) if code not in draft.present]
    for code in draft.negated:
        draft.because(f"{'over' if _said_over(draft, code) else 'negated'}:{code}")
    for mention in findings.mentions:
        if mention.measured and mention.is_present:
            draft.because(f"reading:{mention.code}({mention.text})")
    temperature = findings.temperature
    if temperature is None:
        return
    fever_mentions = [m for m in findings.mentions if m.code == Code.FEVER]
    # a fever reading given before the asked-about word is the patient's: "my temp is 38.3, does that count as a
    # fever?" (not "my friend had a fever of 38.5", "if I get a fever of 38.5")
    asked_about = bool(fever_mentions) and all(m.hypothetical for m in fever_mentions)
    given_first = temperature.is_fever and all(temperature.end <= m.start for m in fever_mentions)
    if asked_about and not given_first:
        draft.because(f"asked_about:temperature_{temperature.celsius:.1f}C")  # someone else's, or a what-if
        return
    if temperature.is_fever and over_from is not None and temperature.end <= over_from \
            and _told_before(draft, Code.FEVER):
        # news that a fever already answered has passed; a measured fever told for the first time still counts,
        # even when "fine now": fever medicines bring the number down without ending the reaction
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C_over")
        if Code.FEVER not in draft.present and Code.FEVER not in draft.negated:
            draft.negated.append(Code.FEVER)
    elif temperature.is_fever:
        draft.add_present(Code.FEVER)
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C")
    elif temperature.celsius >= draft.policy.fever_word_kept_from_celsius and (
            Code.FEVER in draft.present or (_said_over(draft, Code.FEVER) and not _told_before(draft, Code.FEVER))):
        # "100 degree fever that hasn't gone down": just under the line, and the patient calls it a fever; said to
        # be over ("fever over 100. Lasted one day."), told for the first time, it counts as a measured fever does
        draft.add_present(Code.FEVER)
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C_near_fever_line")
    else:
        draft.because(f"reading:temperature_{temperature.celsius:.1f}C_below_fever")
        if Code.FEVER in draft.present:
            # feeling hot under the fever line: fever is also a common effect, to report if it goes on (facts §2.7)
            draft.present.remove(Code.FEVER)
            draft.raise_category("common", Urgency.REPORT_IF_BOTHERSOME)
            draft.raise_to(Urgency.REPORT_IF_BOTHERSOME, "felt_hot_below_fever")
        if any(m.code == Code.FEVER for m in findings.mentions) and Code.FEVER not in draft.negated:
            draft.negated.append(Code.FEVER)
            draft.because(f"negated:{Code.FEVER}")


def read_low_temperature(draft: Draft) -> None:
    """A temperature below 36 °C with feeling cold, clammy or unwell (any complaint) can mean a serious infection."""
    temperature = draft.message.findings.temperature
    if temperature is None or not temperature.is_low:
        return
    unwell = any(m.is_present for m in draft.message.findings.mentions) or "complaint" in draft.signals("body") \
        or "wellbeing" in draft.signals("body", negated=True)
    if unwell:
        draft.low_temperature = True
        draft.raise_category("infection", Urgency.CONTACT_NOW)
        draft.raise_to(Urgency.CONTACT_NOW, f"reading:temperature_{temperature.celsius:.1f}C_low_and_unwell")


def read_implausible_readings(draft: Draft) -> None:
    """A reading no body can have ("temperature 1000 °F", "oxygen 300 %") may hide a real one: check it again,
    and meanwhile the safe answer."""
    for reading in draft.message.findings.implausible_readings:
        draft.recheck = True
        draft.unclear = True
        draft.raise_to(Urgency.CONTACT_NOW, f"reading:implausible({reading})")


def read_reading_again(draft: Draft) -> None:
    """A bare number right after a home reading is that reading taken again ("sats 93" ... "now it says 88")."""
    findings = draft.message.findings
    kind = draft.conversation.last_reading
    if kind is None or findings.reading_kinds or findings.temperature is not None or findings.lone_number is None:
        return
    draft.reading_again = kind
    code = follow_up_finding(kind, findings.lone_number)
    if code is not None:
        draft.add_present(code)
        draft.because(f"reading:{kind}_again({findings.lone_number})")


def assume_fever_without_reading(draft: Draft) -> None:
    """Asked for a temperature, the patient gave none ("no thermometer"): the fever counts, the safe answer.

    Only the patient's word that there is no fever after all ("no fever now") or a reading ends it; a fever said
    to be over ("it's gone now") does not: fever medicines bring it down without ending the reaction.
    """
    findings = draft.message.findings
    denied = Code.FEVER in draft.negated and not _said_over(draft, Code.FEVER)
    if draft.conversation.awaiting_temperature and findings.temperature is None \
            and not denied and Code.FEVER not in draft.present:
        draft.add_present(Code.FEVER)
        draft.fever_assumed = True
        draft.because("followup:no_temperature_reading")


def apply_floors(draft: Draft) -> None:
    """Each present symptom at its documented urgency, for itself and each of its categories."""
    for code in draft.present:
        symptom = draft.knowledge.symptoms[code]
        for category in symptom.categories:
            draft.raise_category(category, symptom.urgency)
        draft.raise_to(symptom.urgency, f"floor:{code}")
    if draft.present and all(code == Code.UNCLEAR for code in draft.present):
        draft.unclear = True
        draft.because("unclear_symptom")


def apply_modifiers(draft: Draft) -> None:
    """A common symptom that is severe, or started after a dose, is not "mild and isolated" any more.

    A message that names no symptom speaks of the ones told earlier: "it's started again and won't stop".
    """
    spoken_of = draft.present or draft.earlier
    for kind in ("severity", "onset"):
        for code in draft.signals(kind):
            signal = draft.knowledge.signals[code]
            for symptom in (s for s in spoken_of if s in signal.raises):
                for category in draft.knowledge.symptoms[symptom].categories:
                    draft.raise_category(category, signal.raises_to)
                draft.raise_to(signal.raises_to, f"modifier:{code}:{symptom}")


def recall_earlier_symptoms(draft: Draft) -> None:
    """Symptoms reported in earlier turns within the memory window, unless this message says they are gone."""
    now, window = draft.message.received_at, draft.policy.symptom_memory_hours * 3600
    draft.earlier = [r.code for r in draft.conversation.earlier
                     if now - r.at <= window and r.code not in draft.negated and r.code not in draft.present]


def apply_escalations(draft: Draft) -> None:
    """Symptom combinations that together are more urgent than each alone, also across turns.

    A combination needs at least one symptom of this message: one made only of earlier symptoms has
    already been answered.
    """
    present = set(draft.present)
    found = present | set(draft.earlier)
    for rule in draft.knowledge.escalations:
        involved = found & set().union(*rule.when)
        if not all(group & found for group in rule.when) or not involved & present \
                or not _told_apart(draft, rule.when):
            continue
        draft.escalations.append(rule.id)
        for code in involved:
            for category in draft.knowledge.symptoms[code].categories:
                draft.raise_category(category, rule.urgency)
        draft.raise_to(rule.urgency, f"escalation:{rule.id.removeprefix('esc.')}")
        for code in sorted(involved - present):
            draft.because(f"earlier:{code}")


def _told_apart(draft: Draft, groups: tuple[frozenset[str], ...]) -> bool:
    """Each group of a combination is told by its own words: one phrase read as two symptoms ("mixing up her
    words" is confusion and trouble speaking) is not a combination. Earlier turns and readings have no span here."""
    spans_by_code: dict[str, list[tuple[int, int] | None]] = {}
    for mention in draft.message.findings.mentions:
        if mention.is_present and mention.code in draft.present:
            spans_by_code.setdefault(mention.code, []).append((mention.start, mention.end))
    found = set(draft.present) | set(draft.earlier)
    # a few spans per group decide it (a long message repeating a word must not make this search large)
    options = [list(dict.fromkeys(span for code in sorted(group & found) for span in spans_by_code.get(code, [None])))
               [:MAX_SPANS_PER_GROUP] for group in groups]
    return any(all(a is None or b is None or not (a[0] < b[1] and b[0] < a[1]) for a, b in combinations(pick, 2))
               for pick in product(*options))


def apply_classifier(draft: Draft) -> None:
    """The classifier can only raise urgency, never lower it.

    When every mention is negated or hypothetical, or a figure of speech explains the message ("the rash has
    cleared up", "my boss is a pain in the neck"), or the patient says all is well, the classifier's opinion is
    not used; nor is a CRS or infection opinion on a message whose reading was normal ("bp 124/78").
    """
    message, policy = draft.message, draft.policy
    findings = message.findings
    reading = bool(findings.reading_kinds or findings.temperature or draft.reading_again)
    heard_the_reading = reading and SYMPTOM_INTENT_CATEGORIES.get(message.intent or "") in READING_CATEGORIES
    explained = bool(findings.mentions or findings.figures_of_speech or heard_the_reading) or _says_all_is_well(draft)
    draft.classifier_counts = bool(draft.present) or not explained
    if not draft.classifier_counts:
        return
    intent, confidence = message.intent, message.confidence
    opinion = f"classifier:{intent}@{confidence:.2f}"
    if intent in SYMPTOM_INTENTS and not draft.present:
        draft.unclear = True
        draft.raise_to(Urgency.CONTACT_NOW, "unclear_symptom")
        draft.because(opinion)
        category = SYMPTOM_INTENT_CATEGORIES.get(intent or "")
        if category and intent != Intent.REPORT_COMMON and confidence >= policy.category_intent_min_confidence:
            draft.raise_category(category, Urgency.CONTACT_NOW)
    if intent == Intent.REPORT_EMERGENCY and confidence >= policy.emergency_intent_min_confidence:
        draft.raise_to(Urgency.EMERGENCY, opinion)
        for category in draft.category_urgency:
            if category != "common":
                draft.category_urgency[category] = Urgency.EMERGENCY


def _says_all_is_well(draft: Draft) -> bool:
    """The patient says they are well ("feeling great", "results came back good") or that help was reached."""
    well = "wellbeing" in draft.signals("body") and "complaint" not in draft.signals("body")
    return not draft.present and (well or bool(draft.signals("resolution")))


def _new_complaint(draft: Draft) -> bool:
    """Body talk said as a fact whose words are not all those of a present symptom."""
    findings = draft.message.findings
    told = {word for m in findings.mentions if m.is_present for word in m.text.lower().split()}
    return any(s.code == "complaint" and not (s.negated or s.hypothetical) and not set(s.text.lower().split()) <= told
               for s in findings.signals)


def apply_safety_net(draft: Draft) -> None:
    """Nothing recognised must be earned: talk about the body, or a classifier that hears a symptom, is unclear.

    Body talk the lexicon did not recognise ("I feel rubbish", "not feeling great") is an unclear symptom even
    beside a recognised milder one, unless it is that symptom told again ("back's been ACHY ... not sharp, just
    ACHY"). A message that says the patient is well, or whose every symptom is negated or only asked about, is not
    unclear.
    """
    body = draft.signals("body")
    complaint = _new_complaint(draft) or SignalCode.ANOTHER_LANGUAGE in body \
        or "wellbeing" in draft.signals("body", negated=True)
    if complaint and draft.urgency < Urgency.CONTACT_NOW:
        draft.unclear = True
        draft.raise_to(Urgency.CONTACT_NOW, "unclear_symptom:body_talk")
        return
    likelihood = draft.message.symptom_likelihood
    if not draft.present and draft.urgency == Urgency.NONE and draft.classifier_counts \
            and likelihood >= draft.policy.symptom_likelihood_min:
        draft.unclear = True
        draft.raise_to(Urgency.CONTACT_NOW, f"unclear_symptom:classifier@{likelihood:.2f}")


def apply_instruction_in_force(draft: Draft) -> None:
    """An earlier instruction leads this reply too, until the patient says it is done.

    It ends only on the patient's word (a resolution signal: "I called 911", "I spoke to the nurse") or when
    its time window has passed, never because this message mentions something milder.
    """
    draft.own_urgency = draft.urgency
    in_force = draft.conversation.in_force
    if in_force is None:
        return
    age = draft.message.received_at - in_force.since
    if age > draft.policy.in_force_seconds(in_force.urgency):
        draft.because(f"in_force_expired:{in_force.urgency.label}")
        return
    resolutions = draft.signals("resolution")
    temperature = draft.message.findings.temperature
    if not resolutions and temperature is not None and not temperature.is_fever and not in_force.fever_measured \
            and set(in_force.symptoms) <= {Code.FEVER} and not draft.present:
        # the fever it was about, felt but never measured, is below the fever line; a fever that was measured
        # stays in force: fever medicines bring the number down without ending the reaction
        resolutions = ["temperature_below_fever"]
    if resolutions:
        draft.resolved = resolutions[0]
        draft.because(f"resolved:{draft.resolved}")
        signal = draft.knowledge.signals.get(draft.resolved)  # not every resolution is said: a low reading ends one
        left = signal.leaves_in_force if signal else Urgency.NONE
        if Urgency.NONE < left < in_force.urgency:
            # the crew takes the emergency over; the care team still has to hear of it (signals.yml)
            draft.raise_to(left, "care_team_still_to_hear")
        return
    draft.in_force = in_force
    if in_force.urgency >= draft.urgency:
        draft.reminds = in_force.urgency > draft.urgency or not draft.present
        draft.raise_to(in_force.urgency, f"in_force:{in_force.urgency.label}")
    draft.follow_ups = draft.signals("question") + draft.signals("update")


def write_guidance(draft: Draft) -> None:
    """Which guidance entries the reply is made of, most urgent first."""
    draft.guidance_ids = choose_guidance(draft)


DECISION_STEPS: tuple[Step, ...] = (
    read_findings,
    read_low_temperature,
    read_implausible_readings,
    read_reading_again,
    assume_fever_without_reading,
    apply_floors,
    recall_earlier_symptoms,
    apply_modifiers,
    apply_escalations,
    apply_classifier,
    apply_safety_net,
    apply_instruction_in_force,
    write_guidance,
)


def _next_conversation(draft: Draft, categories: tuple[str, ...], asks_temperature: bool) -> Conversation:
    """What this turn leaves for the next one: the instruction in force and the symptoms to remember."""
    now = draft.message.received_at
    window = draft.policy.symptom_memory_hours * 3600
    earlier = [r for r in draft.conversation.earlier
               if now - r.at <= window and r.code not in draft.negated and r.code not in draft.present]
    earlier += [Remembered(code=code, at=now) for code in draft.present if code != Code.UNCLEAR]
    findings = draft.message.findings
    in_force = None
    if draft.urgency in URGENCIES_IN_FORCE:
        carried = draft.in_force
        fresh = carried is None or draft.own_urgency >= draft.urgency
        symptoms = tuple(dict.fromkeys((carried.symptoms if carried else ()) + tuple(draft.present)))
        temperature = findings.temperature
        measured = temperature is not None and temperature.is_fever and Code.FEVER in draft.present
        in_force = InForce(urgency=draft.urgency, categories=categories, symptoms=symptoms,
                           since=now if fresh or carried is None else carried.since,
                           fever_measured=measured or (carried is not None and carried.fever_measured))
    kinds = findings.reading_kinds
    # The kind of the last reading, kept through a turn with no number that stays on it ("sitting down now",
    # "bit puffed walking to the loo" after "oxygen 96") for the bare number that follows ("its 89")
    last = draft.conversation.last_reading
    aside = last is not None and findings.lone_number is None and findings.temperature is None \
        and set(draft.present) <= SYMPTOMS_OF_READING.get(last, frozenset())
    last_reading = kinds[-1] if kinds else draft.reading_again or (last if aside else None)
    return Conversation(awaiting_temperature=asks_temperature, last_reading=last_reading, in_force=in_force,
                        earlier=tuple(earlier), introduced=True)


def decide(message: PatientMessage, conversation: Conversation = NEW_CONVERSATION,
           knowledge: Knowledge | None = None, policy: TriagePolicy = DEFAULT_POLICY) -> TriageResult:
    """Triage one patient message in the context of its conversation."""
    draft = Draft(message=message, conversation=conversation, knowledge=knowledge or default_knowledge(),
                  policy=policy)
    for step in DECISION_STEPS:
        step(draft)
    own = sorted(draft.category_urgency, key=lambda c: (-draft.category_urgency[c], CATEGORIES.index(c)))
    carried = draft.in_force.categories if draft.in_force else ()
    categories = tuple(dict.fromkeys(own + list(carried)))
    asks_temperature = Code.FEVER in draft.present and message.findings.temperature is None \
        and not draft.fever_assumed
    return TriageResult(
        urgency=draft.urgency,
        categories=categories,
        symptoms=tuple(draft.present),
        negated=tuple(draft.negated),
        guidance_ids=tuple(dict.fromkeys(draft.guidance_ids)),
        reasons=tuple(draft.reasons),
        temperature=message.findings.temperature,
        conversation=_next_conversation(draft, categories, asks_temperature),
        introduce=not conversation.introduced,
        asks_anything_else=_asks_anything_else(draft, asks_temperature),
    )


def _asks_anything_else(draft: Draft, asks_temperature: bool) -> bool:
    """After a symptom report that is not an emergency, ask for more; never after an emergency instruction."""
    findings = draft.message.findings
    reported = bool(draft.present or draft.negated or findings.temperature is not None or draft.unclear)
    return reported and draft.urgency < Urgency.EMERGENCY and not asks_temperature
