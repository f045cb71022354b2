"""Where the pilots come from: pilot directories, directories to search, report JSON files.

A SOURCE is a pilot (a directory with the answers file), a directory searched for pilots
down to MAX_DEPTH levels, or a file written by `pilotkit report --format json`. Each pilot
becomes its report JSON: a directory through the report's own code, a file as written.
A source that cannot be read is one line of `problems` and is skipped; the rest go on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit.errors import PilotkitError
from pilotkit.metrics.report.json_doc import VERSION, as_data
from pilotkit.pilot.load import ANSWERS
from pilotkit.portfolio import facts
from pilotkit.portfolio.facts import Facts

MAX_DEPTH = 3  # pilots sit in a folder of pilots, or one level deeper (team/pilot)
# Folders no pilot lives in, and which can be huge.
GIVE = "give the output of `pilotkit report --format json`"
SKIPPED = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


@dataclass(frozen=True)
class Pilot:
    facts: Facts
    origin: str  # the source as the user gave it (a pilot's folder or a JSON file)
    folder: Path | None  # the pilot's folder when read from disk, for links to tasks
    marked: tuple[str, ...] = ()  # journal problems: its figures leave those entries out


@dataclass(frozen=True)
class Loaded:
    pilots: tuple[Pilot, ...]
    problems: tuple[str, ...]  # one line per source skipped
    notes: tuple[str, ...]  # one line per duplicate counted once


def load(sources: Sequence[Path]) -> Loaded:
    """Every pilot the SOURCES name, each counted once, and one line per problem."""
    pilots: list[Pilot] = []
    problems: list[str] = []
    seen_folders: set[Path] = set()
    for source in sources:
        for found in _expand(source, problems):
            if isinstance(found, Path):
                if found.resolve() in seen_folders:
                    continue
                seen_folders.add(found.resolve())
                pilot = _from_folder(found, problems)
            else:
                pilot = found
            if pilot is not None:
                pilots.append(pilot)
    unique, notes = _once(pilots)
    return Loaded(tuple(unique), tuple(problems), tuple(notes))


def _expand(source: Path, problems: list[str]) -> Iterator[Path | Pilot]:
    """The pilot folders (as paths) and report files (read) that SOURCE names."""
    if source.is_file():
        pilot = _from_json(source, problems)
        if pilot is not None:
            yield pilot
    elif not source.is_dir():
        problems.append(
            f"{source}: no such file or directory; give a pilot, a folder of pilots or a "
            "report JSON file"
        )
    elif _is_pilot(source):
        yield source
    else:
        found = list(_search(source, MAX_DEPTH))
        if not found:
            problems.append(
                f"{source}: no pilot and no report JSON here or {MAX_DEPTH} levels below; "
                f"give a pilot (a folder with {ANSWERS}) or a `pilotkit report --format json` file"
            )
        yield from found


def _is_pilot(folder: Path) -> bool:
    return (folder / ANSWERS).is_file()


def _search(folder: Path, depth: int) -> Iterator[Path | Pilot]:
    """Pilots and report files under FOLDER, DEPTH levels down, in name order; a pilot's
    own folders are not searched (its report files are the pilot itself)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_dir(follow_symlinks=False) and entry.name not in SKIPPED:
            if _is_pilot(path):
                yield path
            elif depth > 1:
                yield from _search(path, depth - 1)
        elif entry.name.endswith(".json") and entry.is_file():
            pilot = _from_json(path, [], quiet=True)
            if pilot is not None:
                yield pilot


def _from_folder(folder: Path, problems: list[str]) -> Pilot | None:
    from pilotkit.commands.report import report

    try:
        result = report(folder, skip_journal_errors=True)
    except PilotkitError as err:
        problems.append(f"{folder}: {err}")
        return None
    marked = result.skipped
    for problem in marked:
        problems.append(f"{folder}: {problem}: that entry is left out of this pilot's figures")
    return Pilot(facts.read(as_data(result.report)), str(folder), result.root, marked)


def _from_json(path: Path, problems: list[str], *, quiet: bool = False) -> Pilot | None:
    """The pilot of a report JSON file, or None with one line in PROBLEMS. QUIET: a JSON
    file met while searching that is no report is not a problem, just not a pilot."""
    try:
        data: Any = json.loads(path.read_bytes())
    except (OSError, ValueError) as err:
        if not quiet:
            problems.append(f"{path}: not a report JSON file ({_reason(err)}); {GIVE}")
        return None
    if not isinstance(data, dict) or "version" not in data or "pilot" not in data:
        if not quiet:
            problems.append(
                f"{path}: not a pilot or a report: no `version` and `pilot` fields; {GIVE}"
            )
        return None
    if type(data["version"]) is not int or data["version"] != VERSION:
        problems.append(
            f"{path}: report JSON version {data['version']!r} is not one this pilotkit reads "
            f"(it reads {VERSION}); make the report again with this pilotkit, or upgrade pilotkit"
        )
        return None
    try:
        read = facts.read(data)
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        problems.append(f"{path}: report JSON version {VERSION} without the field {err}; {GIVE}")
        return None
    return Pilot(read, str(path), None)


def _reason(err: Exception) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"line {err.lineno}: {err.msg}"
    if isinstance(err, OSError):
        return err.strerror or str(err)
    return str(err)


def _once(pilots: Sequence[Pilot]) -> tuple[list[Pilot], list[str]]:
    """PILOTS with each pilot once (the latest report of it), and a note per duplicate."""
    kept: dict[tuple[str, ...], Pilot] = {}
    notes: list[str] = []
    for pilot in pilots:
        key = pilot.facts.identity()
        first = kept.get(key)
        # A report written before reports named their repository matches either way.
        mine, theirs = pilot.facts.repository, first.facts.repository if first else None
        if mine and theirs and mine != theirs:
            key = (*key, mine)
            first = kept.get(key)
        if first is None:
            kept[key] = pilot
            continue
        newer = pilot if pilot.facts.as_of > first.facts.as_of else first
        other = first if newer is pilot else pilot
        notes.append(
            f"{other.origin}: the same pilot as {newer.origin} ({pilot.facts.pilot}); "
            f"counted once, from {newer.origin}"
        )
        kept[key] = newer
    return list(kept.values()), notes
