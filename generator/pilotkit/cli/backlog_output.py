"""What `pilotkit backlog …` prints: one ticket explained, candidates, a converted ticket."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import Any

from pilotkit.backlog.pilots import Candidate
from pilotkit.backlog.scoring import Scored
from pilotkit.commands.backlog.to_task import Converted


def explain(scored: Scored, band: float) -> None:
    """Every signal of SCORED with its evidence; BAND is the largest estimate that fits."""
    t = scored.ticket
    print(f"{t.key}: {t.title}")
    print(f"  {t.location()}  {t.type or 'ticket'}, {t.status or 'no status'}")
    print(f"  score {scored.score}, {scored.verdict}", end="")
    if scored.split_reason:
        print(f" ({scored.split_reason})", end="")
    print(f"; like {scored.nearest_reference}" if scored.nearest_reference else "")
    for signal in scored.signals:
        mark = "ok" if signal.score >= 1 else f"{signal.score * 100:.0f}%"
        measured = _measured(signal.id, signal.value, signal.target, band)
        print(f"\n{signal.id} {signal.name}: {measured} {mark}")
        for hit in signal.evidence:
            sign = "+" if hit.earns else "-"
            print(f"  {sign} {t.path}:{hit.line}: {hit.kind}: {hit.text}")
        if signal.score < 1:
            print(f"  fix: {signal.fix}")


def dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def candidates(found: Sequence[Candidate], *, as_json: bool) -> None:
    if as_json:
        dump({"version": 1, "candidates": [_candidate_dict(c) for c in found]})
        return
    if not found:
        print("No epics, milestones or parent issues in the exports: nothing to judge.")
        return
    for c in found:
        verdict = "good candidate" if c.good else "poor candidate"
        name = c.key if c.title == c.key else f"{c.key}: {c.title}"  # a milestone is its title
        print(f"{name} — {verdict}")
        a = c.answers
        print(
            f"  {len(c.children)} children, {len(c.ready)} ready"
            + (f" ({', '.join(c.ready)})" if c.ready else "")
            + f"; {len(c.parallel)} can run at once"
            + (f" ({', '.join(c.parallel)})" if c.parallel else "")
        )
        end = a["end_point"]
        print(f"  {a['hand_days']:g} working days by hand; end point: {_short(end) or 'none'}")
        for reason in c.reasons:
            print(f"  - {reason}")
    print("\nThe engineer's part (could they build it by hand?) is assumed: `new` asks it.")


def converted(outcome: Converted) -> int:
    scored = outcome.scored
    if outcome.added is None:
        key = scored.ticket.key
        print(
            f"{key} is {scored.verdict} (score {scored.score}); not written. "
            "Fix these first, or give --force:"
        )
        for signal in scored.signals:
            if signal.score < 1:
                first = next((h for h in signal.evidence if not h.earns), None)
                where = f" ({scored.ticket.path}:{first.line}: {first.text})" if first else ""
                print(f"  {signal.id} {signal.name}: {signal.fix}{where}")
        return 1
    added = outcome.added
    if outcome.requirement:
        print(f"Added {outcome.requirement} to specs/requirements.md.")
    print(f"Created {added.path} ({added.id}) from {scored.ticket.key}.")
    if added.hours_in:
        print(f"Its hours are in {added.hours_in}.")
    if outcome.findings:
        print("`pilotkit check` says:")
        for item in outcome.findings:
            print(f"  {item.location()}: {item.rule} {item.severity}: {item.message}")
    else:
        print("`pilotkit check` finds no problem.")
    print("Review it and commit it.")
    return 0


def _candidate_dict(c: Candidate) -> dict[str, Any]:
    return {
        "key": c.key,
        "title": c.title,
        "good": c.good,
        "reasons": list(c.reasons),
        "answers": dict(c.answers),
        "children": list(c.children),
        "ready": list(c.ready),
        "parallel": list(c.parallel),
    }


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _measured(sid: str, value: float, target: float, band: float) -> str:
    if sid != "PK-Q006":
        return f"{value:g} (target {target:g})"
    return f"{'no estimate' if value < 0 else f'{value:g}'} (band up to {band:g})"
