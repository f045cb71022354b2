"""The template's changelog: what changed between a pilot's version and the new one.

A template keeps it in `_pilotkit/CHANGELOG.md` inside its subdirectory (so it travels in
the embedded bundle, and copier never renders it into a pilot), one `## VERSION` section
per release, newest first. `pilotkit update` shows the sections after the pilot's version
up to the new one, and puts them in its commit message and pull request.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from pilotkit.errors import PilotkitError
from pilotkit.pilot import textfiles
from pilotkit.template.checkout import checkout
from pilotkit.yaml import YamlError, load_copier_config

PATH = "_pilotkit/CHANGELOG.md"
_HEADING = re.compile(r"^## +\[?[vV]?(?P<version>[0-9][^\]\s]*)\]?", re.MULTILINE)


@dataclass(frozen=True)
class Entry:
    """One release's section: its version and its text (Markdown, no heading)."""

    version: str
    text: str


def parse(text: str) -> list[Entry]:
    """Every `## VERSION` section of a changelog TEXT, in the order written."""
    found = list(_HEADING.finditer(text))
    entries = []
    for match, following in zip(found, [*found[1:], None], strict=True):
        end = following.start() if following else len(text)
        body = text[match.end() : end].partition("\n")[2]  # the heading's line ends first
        entries.append(Entry(match.group("version"), body.strip()))
    return entries


def between(entries: Iterable[Entry], old: str, new: str) -> tuple[Entry, ...]:
    """The ENTRIES after version OLD up to NEW (both refs like `v0.2.0`), newest first."""
    low, high = _version(old), _version(new)
    if low is None or high is None:
        return ()
    picked = [(v, e) for e in entries if (v := _version(e.version)) and low < v <= high]
    return tuple(entry for _, entry in sorted(picked, key=lambda pair: pair[0], reverse=True))


def read(src: str, old: str, new: str) -> tuple[Entry, ...]:
    """The entries of template SRC's changelog at version NEW, after OLD up to NEW.

    Empty when the template keeps no changelog or it cannot be read: an update never
    fails for want of its release notes.
    """
    try:
        with checkout(src, new) as files:
            text = _text(files.root)
    except (PilotkitError, OSError, UnicodeDecodeError):
        return ()
    return between(parse(text), old, new) if text else ()


def as_text(entries: Sequence[Entry]) -> str:
    """ENTRIES for a commit message or a terminal: `0.2.0:` and the section's lines."""
    return "\n\n".join(f"{entry.version}:\n{entry.text}" for entry in entries)


def as_markdown(entries: Sequence[Entry]) -> str:
    """ENTRIES as Markdown with a `### VERSION` heading each, for a pull request's body."""
    return "\n\n".join(f"### {entry.version}\n\n{entry.text}" for entry in entries)


def _text(root: Path) -> str | None:
    try:
        config = load_copier_config(root / "copier.yml")
    except (YamlError, OSError):
        config = {}
    subdirectory = str(config.get("_subdirectory") or "")
    path = root / subdirectory / PATH
    return textfiles.read_text(path) if path.is_file() else None


def _version(ref: str) -> Version | None:
    try:
        return Version(ref)
    except InvalidVersion:
        return None
