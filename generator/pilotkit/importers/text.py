"""Reading a spec project's Markdown: files, checkbox lines, sections and the paths tasks name.

Shared by the three readers so that they agree on what a checkbox, a heading and a file
path are. Every function is pure except `read`, which reads one regular file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pilotkit.importers.model import DesignPart, Origin, SourceError, Unmapped
from pilotkit.pilot import markdown, specs, textfiles

MAX_BYTES = textfiles.MAX_BYTES
# `- [ ] text`, `* [x] text`, Kiro's optional `- [ ]* text` and its in-progress `- [-] text`.
CHECKBOX = re.compile(
    r"^(?P<indent>[ \t]*)[-*+][ \t]+\[(?P<mark>[ xX~-])\](?P<optional>\*)?[ \t]+(?P<text>.*?)\s*$"
)
BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*+]|\d+[.)])[ \t]+(?P<text>.*?)\s*$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
# Files a task may change are named in backticks or plainly; a name without a folder
# counts only with an extension people use for source files, so `HttpClient.Version`
# and `java.net.http` are not taken for files.
_EXTENSIONS = """c cc cfg cjs conf cpp cs css csv dart env ex exs go gradle graphql h hpp html ini
java js json jsx kt kts lock lua md mdc mjs php pl proto properties py rb rs sass scss sh sql
svelte swift tf toml ts tsx txt vue xml yaml yml"""
EXTENSIONS = frozenset(_EXTENSIONS.split())
_TICKED = re.compile(r"`([^`\n]+)`")
_PLAIN_PATH = re.compile(r"(?<![\w`/.@:-])((?:[\w.-]+/)+[\w.-]*)")
_NOT_A_PATH = re.compile(r"[\s(){}<>\[\]=:;,\"'\\$?|!@#%^&+]")


def read(root: Path, relative: str) -> str:
    """The text of ROOT/RELATIVE, a regular UTF-8 file of at most MAX_BYTES (else SourceError)."""
    path = root / relative
    try:
        raw = textfiles.read_bytes(path)
    except textfiles.NotAFile as err:
        raise SourceError(path, str(err.strerror), "give a regular file") from None
    except OSError as err:
        raise SourceError(path, f"cannot be read ({err.strerror})", "check the path") from None
    if len(raw) > MAX_BYTES:
        raise SourceError(path, f"is {len(raw):,} bytes", f"split it below {MAX_BYTES:,}")
    try:
        return raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(f"{path}:{line}", "is not UTF-8 text", "save it as UTF-8") from None


def exists(root: Path, relative: str) -> bool:
    return (root / relative).is_file()


def without_comments(text: str) -> str:
    """TEXT without HTML comments (authoring notes of the tools' templates), lines kept."""
    return _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def plain(text: str) -> str:
    """TEXT on one line, without bold markers: how a criterion or a title is written."""
    return " ".join(_BOLD.sub(r"\2", text).split())


def short(text: str, width: int = 72) -> str:
    """TEXT cut at a word before WIDTH characters, with an ellipsis when cut."""
    text = plain(text).strip()
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0].rstrip(" ,;:—–-")
    return cut + "…"


def first_sentence(text: str) -> str:
    text = plain(text)
    match = re.search(r"(?<=[.!?])\s+(?=[A-Z])", text)
    return text[: match.start()] if match else text


@dataclass(frozen=True)
class Section:
    """A heading and the lines below it up to the next heading of the same or a higher level."""

    level: int
    title: str
    line: int  # the heading's line (1-based)
    lines: tuple[tuple[int, str], ...]  # (line, text) of the body

    @property
    def text(self) -> str:
        return "\n".join(text for _, text in self.lines).strip("\n")

    def subsections(self, level: int) -> tuple[tuple[tuple[int, str], ...], list[Section]]:
        """This section's body cut at headings of LEVEL or higher, lines kept."""
        raw = "\n".join(text for _, text in self.lines)
        return sections(raw, level, self.lines[0][0] if self.lines else self.line + 1)


def sections(
    text: str, level: int, first: int = 1
) -> tuple[tuple[tuple[int, str], ...], list[Section]]:
    """TEXT cut at headings of LEVEL or higher (outside code): the lines before, and each.

    FIRST is the line number of TEXT's first line in its file.
    """
    shift = first - 1
    raw = text.splitlines()
    headings = {
        line + shift: (lvl, _title(raw[line - 1], title))
        for line, lvl, title in specs.headings(text)
        if lvl <= level
    }
    before: list[tuple[int, str]] = []
    found: list[tuple[int, str, int, list[tuple[int, str]]]] = []
    for number, line in enumerate(text.splitlines(), start=first):
        if number in headings:
            found.append((headings[number][0], headings[number][1], number, []))
        elif found:
            found[-1][3].append((number, line))
        else:
            before.append((number, line))
    return tuple(before), [Section(lvl, title, at, tuple(body)) for lvl, title, at, body in found]


def _title(line: str, blanked: str) -> str:
    """A heading's title as written, inline code included (`headings` blanks it)."""
    match = markdown.HEADING.match(line.strip())
    return match.group(2).strip() if match else blanked


def code_lines(text: str) -> set[int]:
    """The line numbers of TEXT that are fenced code (fences included)."""
    flags = markdown.in_code(text.splitlines())
    return {number for number, (_, code) in enumerate(flags, start=1) if code}


def paths(text: str, known: dict[str, str] | None = None) -> tuple[str, ...]:
    """The files and folders TEXT names, as globs relative to the repository root.

    A folder (`src/models/`) becomes `src/models/**`. A bare file name that is the last
    part of a path named elsewhere (KNOWN: name → path) becomes that path.
    """
    found: list[str] = []
    for match in _TICKED.finditer(text):
        found.extend(_as_path(match.group(1), ticked=True, known=known))
    for match in _PLAIN_PATH.finditer(_TICKED.sub(" ", text)):
        found.extend(_as_path(match.group(1).rstrip("."), ticked=False, known=known))
    return tuple(dict.fromkeys(found))


def _as_path(token: str, *, ticked: bool, known: dict[str, str] | None) -> Iterator[str]:
    token = token.strip().removeprefix("./")
    if not token or _NOT_A_PATH.search(token) or token.startswith(("/", "~", "..")):
        return
    if "://" in token or ".." in token.split("/"):
        return
    if token.endswith("/"):
        if ticked or "/" in token[:-1]:
            yield token + "**"
        return
    name = token.rsplit("/", 1)[-1]
    extension = name.rsplit(".", 1)[-1] if "." in name.strip(".") else ""
    if extension.lower() not in EXTENSIONS:  # `owner/action`, `HTTP/2`: not files
        return
    if "/" not in token and known and name in known:
        yield known[name]
        return
    yield token


def known_names(all_paths: list[str]) -> dict[str, str]:
    """File name → path, for names that only one path in ALL_PATHS ends with."""
    by_name: dict[str, set[str]] = {}
    for path in all_paths:
        if "/" in path and not path.endswith("**"):
            by_name.setdefault(path.rsplit("/", 1)[-1], set()).add(path)
    return {name: next(iter(found)) for name, found in by_name.items() if len(found) == 1}


def refuse_twice(where: str, task: str, first: int | None) -> None:
    """SourceError at WHERE when TASK's id was already given on line FIRST."""
    if first is not None:
        why = f"{task} is also the task on line {first}"
        raise SourceError(where, why, "give each task its own id")


def checked(box: re.Match[str]) -> bool:
    """Whether the CHECKBOX match BOX is ticked (`[x]`); `[-]` and `[~]` (started, queued)
    are not done."""
    return box.group("mark") in "xX"


def item(line: str) -> str:
    """LINE without its list marker (`- `, `* `, `1. `) and the blanks around it."""
    bullet = BULLET.match(line)
    return bullet.group("text") if bullet else line.strip()


def loose(path: str, numbers: list[int]) -> list[Unmapped]:
    """One Unmapped per run of consecutive line NUMBERS of PATH (text outside any task)."""
    firsts = [n for i, n in enumerate(numbers) if i == 0 or numbers[i - 1] != n - 1]
    why = "left in the source"
    return [Unmapped(Origin(path, first), "text outside any task", why) for first in firsts]


def design_part(title: str, text: str, origin: Origin) -> DesignPart | None:
    """A design part from TEXT without its comments, or None when nothing is left."""
    body = without_comments(text).strip()
    return DesignPart(title, body, origin) if body else None


def feature_slug(name: str) -> str:
    """A pilot name from a feature folder (`014-http3-game-server` → `http3-game-server`)."""
    text = re.sub(r"^\d+[-_]+", "", name.lower())
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    text = re.sub(r"^[^a-z]+", "", text)[:40].strip("-")
    return text or "imported-pilot"
