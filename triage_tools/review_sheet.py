"""The clinical review sheet: every lexicon symptom, escalation rule, guidance entry and FAQ answer on one page,
with its floor or text, its source and whether a clinician has signed it.

    python -m triage_tools.review_sheet                       # reports/review-sheet.html and .csv
    python -m triage_tools.review_sheet --html out.html --csv out.csv

The HTML page is self-contained (no scripts, no external files) so it can be mailed or printed for the
nurse educator; the CSV opens in a spreadsheet for sign-off. See docs/clinical-content.md.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import sys
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Sequence

from bot.knowledge import Knowledge, Review, load_knowledge

COLUMNS = ("section", "id", "what", "floor or urgency", "text", "source", "review")
SECTIONS = ("Symptoms (lexicon.yml)", "Escalations (escalations.yml)", "Guidance (guidance.yml)",
            "FAQ answers (faq.yml)")
PHRASES_SHOWN = 8


@dataclass(frozen=True)
class Row:
    """One entry of the data files as a reviewer reads it."""

    section: str
    id: str
    what: str
    level: str
    text: str
    source: str
    review: Review
    held: bool = False

    @property
    def state(self) -> str:
        if self.review.signed:
            return f"signed by {self.review.by} on {self.review.on}"
        return "NOT SIGNED, kept off replies" if self.held else "not signed"

    def cells(self) -> tuple[str, ...]:
        return (self.section, self.id, self.what, self.level, self.text, self.source, self.state)


def _phrases(words: Sequence[str]) -> str:
    shown = ", ".join(words[:PHRASES_SHOWN])
    return shown + (f" (+{len(words) - PHRASES_SHOWN} more)" if len(words) > PHRASES_SHOWN else "")


def review_rows(knowledge: Knowledge) -> list[Row]:
    """Every entry, in file order, section by section."""
    symptoms, escalations, guidance, faq = SECTIONS
    rows = [Row(symptoms, code, s.label, f"{s.urgency.label} [{', '.join(s.categories) or 'no category'}]",
                "phrases: " + _phrases(s.phrases) + (f"; after can't: {_phrases(s.cannot)}" if s.cannot else ""),
                s.source, s.review)
            for code, s in knowledge.symptoms.items()]
    rows += [Row(escalations, r.id, " + ".join("(" + " or ".join(sorted(g)) + ")" for g in r.when),
                 r.urgency.label, r.reason, r.source, r.review)
             for r in knowledge.escalations]
    entries = [*knowledge.guidance.values(), *knowledge.held_guidance.values()]  # held ones last
    rows += [Row(guidance, g.id, g.category + (f" ({', '.join(sorted(g.symptoms))})" if g.symptoms else ""),
                 g.urgency, g.text + (f"\nSMS: {g.short}" if g.short and g.short != g.text else ""), g.source,
                 g.review, held=g.held)
             for g in entries]
    rows += [Row(faq, f.id, f.question, "none", f.text, f.source, f.review) for f in knowledge.faq.values()]
    return rows


def csv_sheet(rows: Sequence[Row]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(row.cells() for row in rows)
    return buffer.getvalue()


STYLE = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:1.5rem auto;max-width:1200px;
padding:0 1rem;color:#1d2430;line-height:1.4} h1{font-size:1.4rem} h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%} td,th{text-align:left;vertical-align:top;padding:.35rem .5rem;
border-bottom:1px solid #e4e7ec;font-size:.9rem} th{color:#5b6575;font-size:.8rem} td.text{white-space:pre-wrap}
code{font-size:.85rem} .state{font-weight:600;white-space:nowrap} .signed{color:#067647} .unsigned{color:#b54708}
.held{color:#b42318} .summary{background:#f2f4f7;border-radius:8px;padding:.6rem 1rem}
@media (max-width:700px){td,th{display:block;border:none} tr{display:block;border-bottom:1px solid #d0d5dd}}
"""


def _state_class(row: Row) -> str:
    return "signed" if row.review.signed else ("held" if row.held else "unsigned")


def html_sheet(rows: Sequence[Row], generated: dt.datetime | None = None) -> str:
    when = (generated or dt.datetime.now()).strftime("%Y-%m-%d %H:%M")
    signed = sum(row.review.signed for row in rows)
    held = sum(row.held for row in rows)
    parts = [f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Clinical review sheet: {signed}/{len(rows)} signed</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head><body>
<h1>Clinical review sheet: Imdelltra triage assistant</h1>
<p class="summary">Generated {escape(when)} from bot/data/. {len(rows)} entries, <b>{signed} signed</b>,
{len(rows) - signed} not yet signed; {held} held back from patient replies until signed.
Sign an entry by setting <code>reviewed_by</code> and <code>reviewed_on</code> (YYYY-MM-DD) in its data file
(docs/clinical-content.md).</p>"""]
    for section in SECTIONS:
        section_rows = [row for row in rows if row.section == section]
        parts.append(f"<h2>{escape(section)} ({len(section_rows)})</h2><table><tr>"
                     + "".join(f"<th>{escape(c)}</th>" for c in COLUMNS[1:]) + "</tr>")
        parts += [f'<tr><td><code>{escape(row.id)}</code></td><td>{escape(row.what)}</td><td>{escape(row.level)}</td>'
                  f'<td class="text">{escape(row.text)}</td><td>{escape(row.source)}</td>'
                  f'<td class="state {_state_class(row)}">{escape(row.state)}</td></tr>' for row in section_rows]
        parts.append("</table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def write_review_sheet(html_path: Path | None, csv_path: Path | None, knowledge: Knowledge | None = None) -> list[Row]:
    """Write the sheet in the requested forms; returns its rows."""
    rows = review_rows(knowledge or load_knowledge())
    if html_path is not None:
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(html_sheet(rows), encoding="utf-8")
    if csv_path is not None:
        csv_path.parent.mkdir(parents=True, exist_ok=True)
        csv_path.write_text(csv_sheet(rows), encoding="utf-8", newline="")
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=Path("reports/review-sheet.html"))
    parser.add_argument("--csv", type=Path, default=Path("reports/review-sheet.csv"))
    args = parser.parse_args(argv)
    rows = write_review_sheet(args.html, args.csv)
    signed = sum(row.review.signed for row in rows)
    print(f"{len(rows)} entries, {signed} signed, {len(rows) - signed} not yet signed: {args.html}, {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
