"""Rules for the agent guidelines: `AGENTS.md` and each chosen agent's adapter pointing at
it, valid front matter in rule, sub-agent and command files, and a readable size."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from pilotkit.agents import catalog, guidelines
from pilotkit.agents.guidelines import AGENTS_MD
from pilotkit.findings import Finding, finding
from pilotkit.pilot import frontmatter
from pilotkit.rules.base import ERROR, WARNING, Context, Rule
from pilotkit.yaml import YamlError, read_located

_IMPORT = re.compile(r"(?m)^\s*@(?:\./)?AGENTS\.md\s*$")
_MENTION = re.compile(r"AGENTS\.md")


def missing_adapter(ctx: Context) -> Iterator[Finding]:
    wanted = [AGENTS_MD]
    agents = catalog.load().agents
    for name in ctx.pilot.agents():
        agent = agents.get(name)
        wanted += agent.instructions if agent else ()
    for path in dict.fromkeys(wanted):
        if not ctx.pilot.exists(path):
            what = "the canonical agent guidelines" if path == AGENTS_MD else "an agent's adapter"
            yield finding(
                "PK-G001",
                path,
                None,
                f"is missing: {what}",
                "restore it with `pilotkit update`, or write it so it points at AGENTS.md",
            )


def adapter_not_pointing(ctx: Context) -> Iterator[Finding]:
    agents = catalog.load().agents
    paths = [p for name in ctx.pilot.agents() if name in agents for p in agents[name].instructions]
    for path in dict.fromkeys(paths):
        if path == AGENTS_MD or path in ctx.pilot.unreadable:
            continue
        problem = _points(ctx, path)
        if problem:
            yield finding("PK-G002", path, 1, problem, _POINT_HINTS.get(path, _POINT_HINT))


_POINT_HINT = "mention AGENTS.md, e.g. 'Follow the guidelines in AGENTS.md.'"
_POINT_HINTS = {
    "CLAUDE.md": "start the file with a line holding only `@AGENTS.md` (Claude Code's import)",
    ".gemini/settings.json": 'set "context": {"fileName": ["AGENTS.md", "GEMINI.md"]}',
    "opencode.json": 'set "instructions": ["AGENTS.md"]',
}


def _points(ctx: Context, path: str) -> str | None:
    """Why the adapter at PATH does not lead its agent to AGENTS.md (None when it does)."""
    if path.endswith(".json"):
        doc = ctx.pilot.configs.get(path)
        if doc is None:
            return None  # missing (PK-G001) or unparsable (PK-M002)
        data = doc.data if isinstance(doc.data, dict) else {}
        if path == ".gemini/settings.json":
            context = data.get("context")
            names = context.get("fileName") if isinstance(context, dict) else None
            names = [names] if isinstance(names, str) else names
            if not (isinstance(names, list) and AGENTS_MD in names):
                return "`context.fileName` does not list AGENTS.md, so Gemini CLI never reads it"
        elif path == "opencode.json":
            entries = data.get("instructions")
            if not (isinstance(entries, list) and any(
                isinstance(e, str) and fnmatchcase(AGENTS_MD, e) for e in entries
            )):  # fmt: skip
                return "`instructions` does not include AGENTS.md"
        return None
    text = ctx.pilot.texts.get(path)
    if text is None:
        return None
    if path == "CLAUDE.md" or path.endswith("/CLAUDE.md"):
        if not _IMPORT.search(text):
            return "does not import AGENTS.md (`@AGENTS.md` on a line of its own)"
        return None
    if not _MENTION.search(text):
        return "does not point at AGENTS.md"
    return None


def front_matter(ctx: Context) -> Iterator[Finding]:
    for path, text in sorted(ctx.pilot.texts.items()):
        kind = guidelines.kind_of(path)
        if kind is None:
            continue
        if kind.toml:
            yield from _toml_fields(path, text, kind)
            continue
        split = frontmatter.split(text)
        if split.yaml is None:
            if kind.needs_front_matter:
                yield _bad(path, 1, f"{kind.label} has no front matter", "start it with ---")
            continue
        if split.unclosed:
            yield _bad(path, 1, "front matter is never closed", "close it with a `---` line")
            continue
        try:
            located = read_located(split.yaml, path, split.yaml_line)
        except YamlError as err:
            yield _bad(path, err.line or 1, err.problem, "fix the YAML between the `---` lines")
            continue
        data = located.data if located.data is not None else {}
        if not isinstance(data, dict):
            yield _bad(path, split.yaml_line, "front matter is not a mapping", "write `key: value`")
            continue
        for name, message, hint in guidelines.check_fields(kind, data):
            line = located.line(name, split.yaml_line) if name else split.yaml_line
            yield _bad(path, line or 1, f"{kind.label}: {message}", hint)


def _toml_fields(path: str, text: str, kind: guidelines.Kind) -> Iterator[Finding]:
    try:
        data: Any = tomllib.loads(text)
    except RecursionError:
        yield _bad(path, 1, "invalid TOML: nested too deeply", "fix the syntax")
        return
    except tomllib.TOMLDecodeError as err:
        where = re.search(r"at line (\d+)", str(err))
        yield _bad(path, int(where[1]) if where else 1, f"invalid TOML: {err}", "fix the syntax")
        return
    for _name, message, hint in guidelines.check_fields(kind, data):
        yield _bad(path, 1, f"{kind.label}: {message}", hint)


def _bad(path: str, line: int, message: str, hint: str) -> Finding:
    return finding("PK-G003", path, line, message, hint)


def agents_md_size(ctx: Context) -> Iterator[Finding]:
    text = ctx.pilot.texts.get(AGENTS_MD)
    limit = ctx.options.agents_md_max_bytes
    if text is not None and len(text.encode()) > limit:
        yield finding(
            "PK-G004",
            AGENTS_MD,
            None,
            f"is {len(text.encode()):,} bytes, over the {limit:,}-byte limit",
            "keep it short: move detail into specs/ or scoped rule files; Codex stops "
            "reading AGENTS.md at 32 KiB",
        )


def unknown_agent(ctx: Context) -> Iterator[Finding]:
    agents = catalog.load().agents
    for name in ctx.pilot.agents():
        if name not in agents:
            yield finding(
                "PK-G005",
                ".copier-answers.yml",
                None,
                f"agent `{name}` is not one pilotkit knows, so its files are not checked",
                "known agents: " + ", ".join(agents),
            )


RULES = (
    Rule("PK-G001", ERROR, "`AGENTS.md` or a chosen agent's adapter is missing", missing_adapter),
    Rule(
        "PK-G002", ERROR, "an agent's adapter does not point at `AGENTS.md`", adapter_not_pointing
    ),
    Rule(
        "PK-G003", ERROR, "a rule, sub-agent or command file has invalid front matter", front_matter
    ),
    Rule("PK-G004", ERROR, "`AGENTS.md` is over the size limit", agents_md_size),
    Rule("PK-G005", WARNING, "the answers choose an agent pilotkit does not know", unknown_agent),
)
