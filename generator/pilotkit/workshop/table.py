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
                    "; ".join(item.evidence),
                ]
            )
    return rows


HEAD = ["participant", "exercise", "score", "fixed", "clean", "integrity", "evidence"]


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def _text(table: Table) -> str:
    lines = [f"Workshop {table.kit}: {len(table.participants)} participants"]
    for person in table.participants:
        most = FULL * len(person.exercises)
        lines.append(f"{person.name}: {person.total}/{most}")
        for item in person.exercises:
            why = f"  ({'; '.join(item.evidence)})" if item.evidence else ""
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
                        "evidence": list(item.evidence),
                    }
                    for item in person.exercises
                ],
            }
            for person in table.participants
        ],
    }
    return json.dumps(doc, indent=2) + "\n"
