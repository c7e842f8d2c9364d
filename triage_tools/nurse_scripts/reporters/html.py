"""A self-contained HTML report (no scripts, no external files) that a nurse can open in any browser."""
from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from bot.config import Settings
from bot.knowledge import default_knowledge
from bot.replies import fill_placeholders
from triage_tools.nurse_scripts.model import Expectation, Reply, ScriptResult, TurnResult

URGENCY_WORDS = {
    "emergency": "Emergency",
    "contact_now": "Contact care team now",
    "report_if_bothersome": "Report if bothersome",
    "none": "No symptom triage",
}

STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2rem auto;max-width:1100px;
color:#1d2430;padding:0 1rem;line-height:1.45;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin-bottom:.2rem} .meta{color:#5b6575;margin-top:0}
.summary{display:flex;gap:1rem;margin:1rem 0} .box{border-radius:8px;padding:.7rem 1rem;background:#f2f4f7}
.box b{font-size:1.4rem;display:block} .box.fail b{color:#b42318} .box.pass b{color:#067647}
table.index{border-collapse:collapse;width:100%;margin-bottom:2rem} .index td,.index th{text-align:left;
padding:.3rem .5rem;border-bottom:1px solid #e4e7ec} .index th{font-size:.85rem;color:#5b6575}
.status,.badge,.index th{white-space:nowrap;overflow-wrap:normal} .status{font-weight:700;border-radius:4px;padding:.05rem .45rem;font-size:.8rem;color:#fff}
.status.pass{background:#067647} .status.fail{background:#b42318}
details{border:1px solid #d0d5dd;border-radius:8px;margin:.8rem 0;padding:.2rem 1rem}
details.fail{border-color:#f04438;border-width:2px} summary{cursor:pointer;padding:.5rem 0;font-weight:600}
.context{color:#344054;background:#f9fafb;border-left:3px solid #98a2b3;padding:.3rem .7rem;margin:.3rem 0}
.turn{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:1rem;border-top:1px solid #e4e7ec;padding:.8rem 0}
.turn.failed{background:#fef3f2} .patient{font-weight:600;margin-bottom:.4rem}
.patient:before{content:"Patient: ";color:#5b6575;font-weight:400}
.bubble{background:#eef4ff;border-radius:8px;padding:.4rem .7rem;margin:.25rem 0;white-space:pre-wrap}
.badge{display:inline-block;border-radius:999px;padding:.1rem .6rem;font-size:.8rem;font-weight:700;
margin-right:.3rem;color:#fff} .badge.emergency{background:#b42318}
.badge.contact_now{background:#dc6803} .badge.report_if_bothersome{background:#1570ef}
.badge.none{background:#667085} .cat{display:inline-block;border:1px solid #98a2b3;border-radius:4px;
padding:0 .35rem;margin:0 .2rem .2rem 0;font-size:.8rem} h4{margin:.2rem 0;font-size:.85rem;color:#5b6575}
ul.checks{margin:.2rem 0;padding-left:1.1rem} .ok{color:#067647} .bad{color:#b42318;font-weight:600}
.small{font-size:.85rem;color:#5b6575} .unsigned{color:#93370d}
@media (max-width:40rem){body{margin:1rem auto;padding:0 .6rem} .turn{grid-template-columns:minmax(0,1fr)}
.summary{flex-wrap:wrap;gap:.5rem} details{padding:.2rem .6rem} .index th:nth-child(4),.index td:nth-child(4){display:none}}
"""


def _badge(urgency: str) -> str:
    label = URGENCY_WORDS.get(urgency, urgency)
    return f'<span class="badge {escape(urgency)}" title="{escape(urgency)}">{escape(label)}</span>'


def _got(reply: Reply | None) -> str:
    if reply is None:
        return ""
    categories = "".join(f'<span class="cat">{escape(c)}</span>' for c in reply.categories) or \
        '<span class="small">no categories</span>'
    bubbles = "".join(f'<div class="bubble">{escape(text)}</div>' for text in reply.texts) or \
        '<div class="bad">The assistant sent no text.</div>'
    reasons = ""
    if reply.reasons:
        reasons = '<div class="small">why: ' + escape(", ".join(reply.reasons)) + "</div>"
    return f"<div>{_badge(reply.urgency)} {categories}</div>{reasons}{_unsigned(reply)}{bubbles}"


def _unsigned(reply: Reply) -> str:
    """The reply's content that no clinician has signed yet (docs/clinical-content.md)."""
    reviews = default_knowledge().reviews
    ids = [i for i in reply.guidance_ids if i in reviews and not reviews[i].signed]
    if not ids:
        return ""
    return '<div class="small unsigned">not yet signed by a clinician: ' + escape(", ".join(ids)) + "</div>"


def _expected(expect: Expectation, turn: TurnResult, settings: Settings) -> str:
    items = "".join(f"<li>{escape(fill_placeholders(line, settings))}</li>" for line in expect.describe())
    verdict = ('<ul class="checks">' + "".join(f'<li class="bad">{escape(f)}</li>' for f in turn.failures)
               + (f'<li class="bad">{escape(turn.error)}</li>' if turn.error else "") + "</ul>"
               if not turn.passed else '<div class="ok">✔ as expected</div>')
    badge = _badge(expect.urgency) if expect.urgency else ""
    return f"<h4>Expected</h4><div>{badge}</div><ul class=\"checks\">{items}</ul><h4>Result</h4>{verdict}"


def _script(result: ScriptResult, settings: Settings) -> str:
    script = result.script
    status = "pass" if result.passed else "fail"
    parts = [f'<details class="{status}" id="{escape(script.id)}"{"" if result.passed else " open"}>',
             f'<summary><span class="status {status}">{status.upper()}</span> {escape(script.name)} '
             f'<span class="small">({escape(str(script.path))}, {result.seconds:.1f}s)</span></summary>']
    if script.description:
        parts.append(f"<p>{escape(script.description)}</p>")
    if script.patient_context:
        parts.append(f'<div class="context"><b>Patient context:</b> {escape(script.patient_context)}</div>')
    for number, turn in enumerate(result.turns, 1):
        parts.append(
            f'<div class="turn{"" if turn.passed else " failed"}"><div>'
            f'<div class="small">Turn {number} · line {turn.turn.line}</div>'
            f'<div class="patient">{escape(turn.turn.patient)}</div>{_got(turn.reply)}</div>'
            f"<div>{_expected(turn.turn.expect, turn, settings)}</div></div>")
    skipped = len(script.turns) - len(result.turns)
    if skipped:
        parts.append(f'<p class="bad">{skipped} later turn(s) were not run because the assistant stopped answering.</p>')
    parts.append("</details>")
    return "\n".join(parts)


def _clinic(settings: Settings) -> str:
    """The numbers this run's replies and checks used, so a reader knows what {care_team_phone} became."""
    phone = settings.care_team_phone if settings.has_care_team_phone else \
        f'not set (replies say "{settings.care_team_phone}")'
    return f"Care team number: {escape(phone)} · emergency number: {escape(settings.emergency_number)}"


def html_report(results: list[ScriptResult], seconds: float, target: str, settings: Settings) -> str:
    failed = [r for r in results if not r.passed]
    when = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    rows = "".join(
        f'<tr><td><span class="status {"pass" if r.passed else "fail"}">{"PASS" if r.passed else "FAIL"}</span></td>'
        f'<td><a href="#{escape(r.script.id)}">{escape(r.script.name)}</a></td>'
        f'<td>{sum(t.passed for t in r.turns)}/{len(r.script.turns)}</td>'
        f'<td>{"; ".join(escape(f) for f in r.failures[:2])}</td></tr>'
        for r in sorted(results, key=lambda r: r.passed))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Nurse triage scripts: {len(results) - len(failed)}/{len(results)} passed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body><h1>Nurse triage scripts</h1>
<p class="meta">Run {escape(when)} against {escape(target)} · {seconds:.1f} s<br>{_clinic(settings)}</p>
<div class="summary"><div class="box"><b>{len(results)}</b>scripts</div>
<div class="box pass"><b>{len(results) - len(failed)}</b>passed</div>
<div class="box fail"><b>{len(failed)}</b>failed</div></div>
<table class="index"><tr><th>Result</th><th>Script</th><th>Turns OK</th><th>First problems</th></tr>{rows}</table>
{"".join(_script(r, settings) for r in sorted(results, key=lambda r: r.passed))}
</body></html>
"""


def write_html(results: list[ScriptResult], seconds: float, target: str, path: Path, settings: Settings) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_report(results, seconds, target, settings), encoding="utf-8")
