"""The rules of a template update: a conflict left unresolved, and a pilot behind its template.

`pilotkit update` (copier's 3-way merge) leaves a conflicting edit as git-style markers in
the file, or as a `*.rej` file beside it; committed, either breaks what an agent reads. A
pilot made from a template on this machine (a folder, git repository or bundle) can be
compared with that template's newest version without a network; a remote template (a
URL) or pilotkit's own embedded one is left to `pilotkit update --dry-run` and `doctor`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from pilotkit import git
from pilotkit.errors import PilotkitError
from pilotkit.findings import Finding, finding
from pilotkit.pilot import textfiles
from pilotkit.pilot.load import ANSWERS
from pilotkit.rules.base import ERROR, WARNING, Context, Rule
from pilotkit.template import source
from pilotkit.template.embedded import is_embedded_source

# Folders no template renders into and no conflict of an update lands in.
_SKIP_DIRS = frozenset({".git", "node_modules", ".venv", "venv", "__pycache__"})
_OPEN = re.compile(rb"^<{7}(?: |$)", re.MULTILINE)
_CLOSE = re.compile(rb"^>{7}(?: |$)", re.MULTILINE)
_MIDDLE = re.compile(rb"^={7}$", re.MULTILINE)
_DESCRIBED = re.compile(r"^(.+)-\d+-g[0-9a-f]+$")
CONFLICT_HINT = (
    "keep what both sides meant between the `<<<<<<<` and `>>>>>>>` markers, delete the "
    "markers (and any `.rej` file once applied by hand), then `git add` the file and commit"
)
_MARKERS = "an unresolved merge conflict: the `<<<<<<<` … `>>>>>>>` markers are still here"
_REJ = "a rejected hunk of a template update (`.rej`) that nobody applied"


def conflicts(ctx: Context) -> Iterator[Finding]:
    for path in _files(ctx.pilot.root):
        name = path.relative_to(ctx.pilot.root).as_posix()
        if path.name.endswith(".rej"):
            yield finding("PK-P004", name, None, _REJ, CONFLICT_HINT)
            continue
        line = _marker_line(path)
        if line is not None:
            yield finding("PK-P004", name, line, _MARKERS, CONFLICT_HINT)


def _files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS)
        for name in sorted(files):
            yield Path(folder) / name


def _marker_line(path: Path) -> int | None:
    """The line of the first conflict's opening marker in PATH, or None."""
    try:
        if path.stat().st_size > textfiles.MAX_BYTES:
            return None  # no template renders such a file
        data = textfiles.read_bytes(path)
    except OSError:
        return None  # not a regular file (a FIFO, a dangling link): no update wrote it
    opened = _OPEN.search(data)
    if opened is None or not _MIDDLE.search(data, opened.end()):
        return None
    if not _CLOSE.search(data, opened.end()):
        return None
    return data.count(b"\n", 0, opened.start()) + 1


def behind(ctx: Context) -> Iterator[Finding]:
    found = newest_version(ctx.pilot.root, ctx.pilot.answers)
    current = ctx.pilot.answers.get("_commit")
    if found is None or current is None or not _older(str(current), found):
        return
    message = (
        f"the pilot is at template version {source.label(str(current))}; "
        f"its template has {source.label(found)}"
    )
    hint = f"run `pilotkit update` and resolve what it reports; `--to {found}` names the version"
    yield finding("PK-P005", ANSWERS, None, message, hint, severity=WARNING)


def newest_version(root: Path, answers: Mapping[str, Any]) -> str | None:
    """The newest release of the template the pilot at ROOT records, when that template is
    on this machine (not a URL, not pilotkit's embedded bundle); None when unknown."""
    recorded = answers.get("_src_path")
    if not isinstance(recorded, str) or not recorded or source.is_url(recorded):
        return None
    if is_embedded_source(recorded):
        return None
    try:
        located = source.locate(recorded, root)
    except PilotkitError:
        return None  # a template that is gone: `pilotkit update` says so when it is run
    path = Path(located.url)
    if not (path.is_file() or (path / ".git").exists() or (path / "HEAD").is_file()):
        return None  # a plain folder has no versions
    proc = git.run(["ls-remote", "--tags", "--refs", "--", str(path)], check=False)
    if proc.returncode != 0:
        return None
    tags = [line.rpartition("refs/tags/")[2] for line in proc.stdout.splitlines()]
    return source.newest(tags)


def _older(current: str, newest: str) -> bool:
    """Whether version CURRENT is older than NEWEST. A pilot rendered from commits past a
    tag records git's description (`v1.0.0-3-gabc1234`): that tag counts. Anything else
    that is not a version (a commit id) is not known to be older."""
    described = _DESCRIBED.match(current)
    old = source.version(described.group(1) if described else current)
    new = source.version(newest)
    return old is not None and new is not None and old < new


RULES = (
    Rule("PK-P004", ERROR, "a file holds an unresolved conflict of a template update", conflicts),
    Rule("PK-P005", WARNING, "the pilot is behind the newest version of its template", behind),
)
