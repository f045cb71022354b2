"""The score table as text, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from pilotkit.workshop.score import FULL, Table

FORMATS = ("text", "md", "csv", "json")


def render(table: Table, fmt: str) -> str:
    if fmt == "json":
        return _json(table)
    if fmt == "csv":
        return _csv(table)
    return _markdown(table) if fmt == "md" else _text(table)


def _rows(table: Table) -> list[list[str]]:
    rows = []
    for person in table.participants:
        for item in person.exercises:
            rows.append(
                [
                    person.name,
                    item.id,
                    f"{item.score}/{FULL}",
                    _yes(item.fixed),
                    _yes(item.clean),
                    _yes(item.integrity),
                    str(item.hints),
                    duration(item.time_to_pass),
                    "; ".join(item.evidence),
                ]
            )
    return rows


HEAD = [
    "participant",
    "exercise",
    "score",
    "fixed",
    "clean",
    "integrity",
    "hints",
    "time to pass",
    "evidence",
]


def duration(seconds: int | None) -> str:
    """`42 min`, `1 h 05 min`; blank when the exercise was not passed."""
    if seconds is None:
        return ""
    minutes = seconds // 60
    return f"{minutes // 60} h {minutes % 60:02d} min" if minutes >= 60 else f"{minutes} min"


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _text(table: Table) -> str:
    lines = [f"Workshop {table.kit}: {len(table.participants)} participants"]
    for person in table.participants:
        most = FULL * len(person.exercises)
        lines.append(f"{person.name}: {person.total}/{most}")
        for item in person.exercises:
            took = item.time_to_pass
            said = [f"passed after {duration(took)}"] if took is not None else []
            said += [f"{item.hints} hint{'s' * (item.hints > 1)}"] if item.hints else []
            said += list(item.evidence)
            why = f"  ({'; '.join(said)})" if said else ""
            lines.append(f"  {item.id}: {item.score}/{FULL}{why}")
    return "\n".join(lines) + "\n"


def _markdown(table: Table) -> str:
    lines = [f"# Workshop {table.kit}", "", "| " + " | ".join(HEAD) + " |"]
    lines.append("|" + " --- |" * len(HEAD))
    lines += [
        "| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in _rows(table)
    ]
    return "\n".join(lines) + "\n"


def _csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEAD)
    writer.writerows(_rows(table))
    return out.getvalue()


def _json(table: Table) -> str:
    doc = {
        "version": 1,
        "kit": table.kit,
        "participants": [
            {
                "name": person.name,
                "total": person.total,
                "exercises": [
                    {
                        "id": item.id,
                        "score": item.score,
                        "fixed": item.fixed,
                        "clean": item.clean,
                        "integrity": item.integrity,
                        "hints": item.hints,
                        "time_to_pass": item.time_to_pass,
                        "evidence": list(item.evidence),
                    }
                    for item in person.exercises
                ],
            }
            for person in table.participants
        ],
    }
    return json.dumps(doc, indent=2) + "\n"
