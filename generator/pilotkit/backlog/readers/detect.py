"""Which format an export is in, from its extension and what it starts with."""

from __future__ import annotations

import csv
import json
from pathlib import PurePath

from pilotkit.backlog.config import Config
from pilotkit.backlog.readers.source import Export

HINT = "name the format with --input-format"


def detect(export: Export, config: Config) -> str:
    """The format of EXPORT (a key of `readers.FORMATS`), or ExportError saying why not;
    CONFIG's aliases name the CSV headers."""
    if not export.text.strip():
        raise export.fail("is empty; export the tickets again")
    suffix = PurePath(export.path).suffix.lower()
    head = export.text.lstrip()[:1]
    if suffix in (".md", ".markdown"):
        return "markdown"
    if suffix == ".json" or head in ("[", "{"):
        return _json_kind(export)
    return _csv_kind(export, config)


def _json_kind(export: Export) -> str:
    try:
        data = json.loads(export.text)
    except json.JSONDecodeError as err:
        raise export.fail(f"is not valid JSON ({err.msg}); export it again", err.lineno) from None
    except RecursionError:
        raise export.fail("is JSON nested too deeply to be an export") from None
    if isinstance(data, dict) and isinstance(data.get("issues"), list):
        return "jira-json"
    if isinstance(data, list) and all(isinstance(i, dict) and "number" in i for i in data):
        return "github-json"
    raise export.fail(
        "is JSON but neither a Jira search response (`issues: [...]`) nor a gh issue list "
        "(`[{number, title, body …}]`); export it with `gh issue list --json number,title,body` "
        "or save a Jira REST search"
    )


def _csv_kind(export: Export, config: Config) -> str:
    try:
        header = next(csv.reader([export.text.split("\n", 1)[0]]), [])
    except csv.Error:
        header = []
    names = [config.header(name).lower() for name in header]
    if "issue key" in names or ("summary" in names and "issue id" in names):
        return "jira-csv"
    if "issue id" in names and "title" in names:
        return "gitlab-csv"
    if names[:1] == ["id"] and "title" in names:
        return "linear-csv"
    raise export.fail(
        "has no header pilotkit recognises (Jira: `Issue key`, `Summary`; GitLab: "
        f"`Issue ID`, `Title`; Linear: `ID`, `Title`); {HINT} or map the headers in "
        ".pilotkit-backlog.yaml",
        1,
    )
