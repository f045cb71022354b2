"""Tickets written as Markdown: a folder of one-ticket files (front matter optional), or
one file of `## KEY: Title` sections.

Front matter keys a ticket file may give: key, title, type, status, labels, components,
points, estimate_hours, parent, links. Without a key, the file name is the key.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export, ExportError, load
from pilotkit.backlog.ticket import Ticket, finish
from pilotkit.numbers import is_number
from pilotkit.pilot import frontmatter
from pilotkit.yaml import YamlError, read_located

_SECTION = re.compile(r"^##[ \t]+([A-Za-z][\w.-]*-\d+|#?\d+):[ \t]*(.+?)[ \t]*$", re.MULTILINE)
_TITLE = re.compile(r"^#[ \t]+(.+?)[ \t]*$", re.MULTILINE)


def read(export: Export, config: Config) -> list[Ticket]:
    """The tickets of one Markdown file: its `## KEY: Title` sections, or the file itself."""
    del config
    headings = list(_SECTION.finditer(export.text))
    if not headings:
        return [_file_ticket(export)]
    found = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(export.text)
        line = export.text.count("\n", 0, match.start()) + 1
        body = export.text[match.end() : end].removeprefix("\n").rstrip()
        found.append(
            finish(
                Ticket(
                    key=match.group(1),
                    title=match.group(2),
                    path=export.path,
                    line=line,
                    text=body,
                    text_line=line + 1,
                    tracker="markdown",
                )
            )
        )
    return found


def read_folder(folder: Path, config: Config) -> list[Ticket]:
    """Every `*.md` file below FOLDER, each one ticket (or several, with `## KEY:` sections)."""
    files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if not files:
        raise ExportError(f"{folder}: holds no `*.md` ticket files")
    return [one for path in files for one in read(load(path), config)]


def _file_ticket(export: Export) -> Ticket:
    split = frontmatter.split(export.text)
    fields: dict[str, Any] = {}
    if split.yaml is not None:
        try:
            data = read_located(split.yaml, export.path, split.yaml_line).data
        except YamlError as err:
            raise export.fail(f"{err.problem}; fix the front matter", err.line) from None
        fields = data if isinstance(data, dict) else {}
    body, body_line = (split.body, split.body_line) if split.yaml is not None else (export.text, 1)
    title = _text(fields.get("title"))
    heading = _TITLE.search(body)
    if not title and heading:
        title = heading.group(1)
    return finish(
        Ticket(
            key=_text(fields.get("key")) or Path(export.path).stem,
            title=title or Path(export.path).stem,
            path=export.path,
            line=1,
            type=_text(fields.get("type")),
            status=_text(fields.get("status")),
            text=body,
            text_line=body_line,
            labels=_texts(fields.get("labels")),
            components=_texts(fields.get("components")),
            points=_number(fields.get("points")),
            estimate_hours=_number(fields.get("estimate_hours")),
            parent=_text(fields.get("parent")),
            links=_texts(fields.get("links")),
            tracker="markdown",
        )
    )


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int):
        return ""
    return str(value).strip()


def _texts(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(text for item in value if (text := _text(item)))


def _number(value: Any) -> float | None:
    return float(value) if is_number(value, least=0) else None
