"""The imported usage records of a pilot: `metrics/usage/<agent>.jsonl`, one record a line.

Lines are sorted by time and key and written compactly, so a re-import that finds
nothing new leaves the files byte-for-byte the same, and new usage shows up in a
review as added lines. Records already stored are kept even when the agent has since
deleted its logs (Claude Code keeps 30 days by default).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from pilotkit.errors import PilotkitError
from pilotkit.files import write_text
from pilotkit.metrics.usage.records import TOOLS, UsageRecord
from pilotkit.pilot import textfiles

USAGE_DIR = Path("metrics") / "usage"
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def path_for(root: Path, tool: str) -> Path:
    return root / USAGE_DIR / f"{tool}.jsonl"


def load(root: Path) -> list[UsageRecord]:
    """Every stored record of the pilot at ROOT (none when nothing was imported yet)."""
    records: list[UsageRecord] = []
    for tool in TOOLS:
        records.extend(load_tool(root, tool).values())
    return records


def load_tool(root: Path, tool: str) -> dict[str, UsageRecord]:
    path = path_for(root, tool)
    shown = path.relative_to(root)
    stored: dict[str, UsageRecord] = {}
    if not path.is_file():
        return stored
    try:
        text = textfiles.read_text(path)
    except (OSError, UnicodeDecodeError) as err:
        raise PilotkitError(f"{shown}: cannot be read ({err}); restore it from git") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = UsageRecord.from_json(json.loads(line))
        except (ValueError, RecursionError) as err:
            raise PilotkitError(
                f"{shown}:{number}: not a usage record ({err}); restore the file from git "
                "and run `pilotkit usage import` again"
            ) from None
        stored[record.key] = record
    return stored


def save_tool(root: Path, tool: str, records: Iterable[UsageRecord]) -> bool:
    """Write TOOL's records; False when the file already held exactly these."""
    path = path_for(root, tool)
    ordered = sorted(records, key=lambda r: (r.time, r.key))
    text = "".join(_ENCODER.encode(r.to_json()) + "\n" for r in ordered)
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return False
    if not ordered and not path.exists():
        return False
    write_text(path, text)
    return True


def merge(
    stored: Mapping[str, UsageRecord], found: Iterable[UsageRecord]
) -> tuple[dict[str, UsageRecord], int, int]:
    """STORED plus FOUND; also how many records were new and how many changed."""
    merged = dict(stored)
    added = changed = 0
    for record in found:
        old = merged.get(record.key)
        if old is None:
            added += 1
            merged[record.key] = record
        else:
            new = old.merged(record) if record.task is None else record.merged(old)
            if new != old:
                changed += 1
                merged[record.key] = new
    return merged, added, changed
