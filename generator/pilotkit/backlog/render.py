"""The score report as text, Markdown, JSON and CSV (strings; the command line writes them).

The same scores give the same bytes: no timestamp, rows ranked by score and then by key,
JSON keys in a fixed order.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from pilotkit.backlog.calibration import Calibration, Separation
from pilotkit.backlog.scorecard import BY_ID, SIGNALS
from pilotkit.backlog.scoring import Scored

VERSION = 1
TITLE_WIDTH = 48
_HEADER = "| ticket | score | verdict | title | to fix | like this reference |"


def as_json(ranked: Sequence[Scored], calibration: Calibration, split: Separation | None) -> str:
    data: dict[str, Any] = {
        "version": VERSION,
        "calibration": calibration.as_dict(),
        "tickets": [ticket_dict(s) for s in ranked],
    }
    if split is not None:
        data["separation"] = {
            "separated": split.separated,
            "lowest_reference": split.lowest_reference,
            "highest_negative": split.highest_negative,
            "by_signals": list(split.by_signals),
        }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def ticket_dict(s: Scored) -> dict[str, Any]:
    t = s.ticket
    return {
        "key": t.key,
        "title": t.title,
        "type": t.type,
        "status": t.status,
        "source": t.location(),
        "score": s.score,
        "verdict": s.verdict,
        "split_reason": s.split_reason,
        "fixes": list(s.fixes),
        "nearest_reference": s.nearest_reference,
        "signals": [
            {
                "id": sig.id,
                "name": sig.name,
                "value": sig.value,
                "target": sig.target,
                "score": sig.score,
                "evidence": [
                    {"line": h.line, "kind": h.kind, "text": h.text, "earns": h.earns}
                    for h in sig.evidence
                ],
                "fix": sig.fix,
            }
            for sig in s.signals
        ],
    }


def as_csv(ranked: Sequence[Scored]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["key", "title", "score", "verdict", "nearest_reference", "top_fix"])
    for s in ranked:
        fix = s.split_reason or (s.fixes[0] if s.fixes else "")
        t = s.ticket
        writer.writerow([t.key, t.title, s.score, s.verdict, s.nearest_reference, fix])
    return out.getvalue()


def as_text(ranked: Sequence[Scored], calibration: Calibration, split: Separation | None) -> str:
    lines = [calibrated(calibration)]
    if split is not None:
        lines.append(separated(split))
    lines.append("")
    width = max([3, *(len(s.ticket.key) for s in ranked)])
    for s in ranked:
        title = _short(s.ticket.title)
        lines.append(f"{s.ticket.key:<{width}}  {s.score:>3}  {s.verdict:<10}  {title}")
        for fix in _fixes(s):
            lines.append(f"{'':<{width}}             - {fix}")
    lines += ["", summary(ranked)]
    return "\n".join(lines) + "\n"


def as_markdown(
    ranked: Sequence[Scored], calibration: Calibration, split: Separation | None
) -> str:
    lines = ["# Backlog readiness", "", calibrated(calibration)]
    if split is not None:
        lines.append("\n" + separated(split))
    lines += ["", _HEADER, "| --- | ---: | --- | --- | --- | --- |"]
    for s in ranked:
        fixes = "; ".join(_fixes(s)) or "-"
        like = s.nearest_reference or "-"
        cells = [s.ticket.key, str(s.score), s.verdict, s.ticket.title, fixes, like]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    lines += ["", summary(ranked)]
    return "\n".join(lines) + "\n"


def calibrated(calibration: Calibration) -> str:
    targets = ", ".join(
        f"{BY_ID[s.id].name} {calibration.targets[s.id]:g}" for s in SIGNALS if s.id != "PK-Q006"
    )
    if not calibration.references:
        return f"Not calibrated (no --reference): default targets: {targets}."
    refs = ", ".join(calibration.references)
    return f"Calibrated on {len(calibration.references)} reference tickets ({refs}): {targets}."


def separated(split: Separation) -> str:
    names = ", ".join(BY_ID[sid].name for sid in split.by_signals) or "no signal"
    if split.separated:
        return (
            f"The references separate from the known-poor tickets: lowest reference "
            f"{split.lowest_reference} > highest negative {split.highest_negative}; by {names}."
        )
    return (
        f"The references do NOT separate from the known-poor tickets: lowest reference "
        f"{split.lowest_reference} <= highest negative {split.highest_negative} (signals "
        f"that differ: {names}); choose clearer references."
    )


def summary(ranked: Sequence[Scored]) -> str:
    counts = {v: sum(1 for s in ranked if s.verdict == v) for v in _VERDICTS}
    parts = ", ".join(f"{n} {v}" for v, n in counts.items() if n)
    noun = "ticket" if len(ranked) == 1 else "tickets"
    return f"{len(ranked)} {noun}" + (f": {parts}." if parts else ".")


_VERDICTS = ("ready", "needs work", "not ready", "split")


def _fixes(s: Scored) -> list[str]:
    if s.verdict == "split":
        return [f"split it: {s.split_reason}"]
    return [] if s.verdict == "ready" else list(s.fixes)


def _short(title: str) -> str:
    title = " ".join(title.split())
    return title if len(title) <= TITLE_WIDTH else title[: TITLE_WIDTH - 1] + "…"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")
