"""Agent guideline files: where each agent's rule, sub-agent and command files live, and
the front matter fields each kind of file takes (from the agents' documented formats).

`AGENTS.md` is the canonical text; each chosen agent's adapter (listed in the agent
catalog) must point at it. `KINDS` says, per file pattern, which front matter fields are
required and what each field may hold; fields not listed are accepted.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pilotkit.numbers import is_number, is_whole

AGENTS_MD = "AGENTS.md"
AGENTS_MD_MAX_BYTES = 32 * 1024  # Codex reads at most this much (project_doc_max_bytes)


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_text_or_list(value: Any) -> bool:
    return _is_text(value) or (isinstance(value, list) and all(_is_text(v) for v in value))


def _is_int(value: Any) -> bool:
    return is_whole(value, least=1)


def _one_of(*allowed: str) -> tuple[Callable[[Any], bool], str]:
    return (lambda value: value in allowed), "one of " + ", ".join(allowed)


TEXT = (_is_text, "a non-empty string")
TEXTS = (_is_text_or_list, "a string or a list of strings")
BOOL = ((lambda value: isinstance(value, bool)), "true or false (unquoted)")
INT = (_is_int, "a positive whole number")
NUMBER = (is_number, "a number")
MAPPING = ((lambda value: isinstance(value, dict)), "a mapping")
SLUG = (
    (lambda value: isinstance(value, str) and bool(re.fullmatch(r"[a-z][a-z0-9-]*", value))),
    "lowercase letters, digits and hyphens",
)
Field = tuple[Callable[[Any], bool], str]


@dataclass(frozen=True)
class Kind:
    """One kind of guideline file: its glob, whether front matter is required, its fields."""

    label: str
    pattern: str
    needs_front_matter: bool
    fields: Mapping[str, Field]
    required: tuple[str, ...] = ()
    when: Mapping[tuple[str, Any], tuple[str, ...]] = field(default_factory=dict)
    toml: bool = False


KINDS: tuple[Kind, ...] = (
    Kind(
        "Cursor rule",
        ".cursor/rules/**/*.mdc",
        False,
        {"description": TEXT, "globs": TEXTS, "alwaysApply": BOOL},
    ),
    Kind(
        "Claude Code sub-agent",
        ".claude/agents/**/*.md",
        True,
        {
            "name": SLUG,
            "description": TEXT,
            "tools": TEXTS,
            "disallowedTools": TEXTS,
            "model": TEXT,
            "permissionMode": _one_of(
                "default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan", "manual"
            ),
            "maxTurns": INT,
            "isolation": _one_of("worktree"),
            "memory": _one_of("user", "project", "local"),
            "background": BOOL,
        },
        required=("name", "description"),
    ),
    Kind(
        "Claude Code command",
        ".claude/commands/**/*.md",
        False,
        {
            "description": TEXT,
            "argument-hint": TEXT,
            "allowed-tools": TEXTS,
            "model": TEXT,
            "disable-model-invocation": BOOL,
        },
    ),
    Kind(
        "Claude Code skill",
        ".claude/skills/*/SKILL.md",
        True,
        {"name": SLUG, "description": TEXT, "allowed-tools": TEXTS},
        required=("description",),
    ),
    Kind(
        "Copilot instructions",
        ".github/instructions/**/*.instructions.md",
        True,
        {
            "applyTo": TEXT,
            "name": TEXT,
            "description": TEXT,
            "excludeAgent": _one_of("code-review", "coding-agent"),
        },
        required=("applyTo",),
    ),
    Kind(
        "Copilot custom agent",
        ".github/agents/*.agent.md",
        True,
        {
            "description": TEXT,
            "name": TEXT,
            "tools": TEXTS,
            "model": TEXTS,
            "target": _one_of("vscode", "github-copilot"),
        },
        required=("description",),
    ),
    Kind(
        "Copilot prompt",
        ".github/prompts/*.prompt.md",
        False,
        {"description": TEXT, "name": TEXT, "agent": TEXT, "model": TEXT, "tools": TEXTS},
    ),
    Kind(
        "Gemini CLI sub-agent",
        ".gemini/agents/*.md",
        True,
        {
            "name": SLUG,
            "description": TEXT,
            "kind": _one_of("local", "remote"),
            "tools": TEXTS,
            "model": TEXT,
            "temperature": NUMBER,
            "max_turns": INT,
            "timeout_mins": INT,
        },
        required=("name", "description"),
    ),
    Kind(
        "Gemini CLI command",
        ".gemini/commands/**/*.toml",
        True,
        {"prompt": TEXT, "description": TEXT},
        required=("prompt",),
        toml=True,
    ),
    Kind(
        "Windsurf rule",
        ".windsurf/rules/**/*.md",
        True,
        {
            "trigger": _one_of("always_on", "model_decision", "glob", "manual"),
            "description": TEXT,
            "globs": TEXTS,
        },
        required=("trigger",),
        when={("trigger", "glob"): ("globs",), ("trigger", "model_decision"): ("description",)},
    ),
    Kind(
        "Kiro steering file",
        ".kiro/steering/**/*.md",
        False,
        {
            "inclusion": _one_of("always", "fileMatch", "manual", "auto"),
            "fileMatchPattern": TEXTS,
            "name": TEXT,
            "description": TEXT,
        },
        when={("inclusion", "fileMatch"): ("fileMatchPattern",)},
    ),
    Kind(
        "opencode agent",
        ".opencode/agent*/*.md",
        True,
        {
            "description": TEXT,
            "mode": _one_of("primary", "subagent", "all"),
            "model": TEXT,
            "temperature": NUMBER,
            "tools": MAPPING,
            "disable": BOOL,
            "hidden": BOOL,
        },
        required=("description",),
    ),
    Kind(
        "opencode command",
        ".opencode/command*/*.md",
        False,
        {"description": TEXT, "agent": TEXT, "model": TEXT, "subtask": BOOL},
    ),
)

# Folders to look in, so loading a pilot never walks the whole tree.
FOLDERS = (
    ".cursor/rules",
    ".claude/agents",
    ".claude/commands",
    ".claude/skills",
    ".github/instructions",
    ".github/agents",
    ".github/prompts",
    ".gemini/agents",
    ".gemini/commands",
    ".windsurf/rules",
    ".kiro/steering",
    ".opencode/agent",
    ".opencode/agents",
    ".opencode/command",
    ".opencode/commands",
)


def kind_of(path: str) -> Kind | None:
    """The kind of guideline file at PATH (relative, with `/`), if it is one."""
    for kind in KINDS:
        if _matches(path, kind.pattern):
            return kind
    return None


def _matches(path: str, pattern: str) -> bool:
    # fnmatch's `*` crosses `/`, so `**/` must also match no folder at all.
    return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(
        path, pattern.replace("**/", "")
    )


def check_fields(kind: Kind, data: Mapping[str, Any]) -> list[tuple[str | None, str, str]]:
    """(field or None, message, hint) for every field of DATA that breaks KIND's rules."""
    found: list[tuple[str | None, str, str]] = []
    for name in kind.required:
        if name not in data:
            found.append((None, f"`{name}` is missing", f"add `{name}:` to the front matter"))
    for (name, value), needed in kind.when.items():
        if data.get(name) == value:
            for other in needed:
                if other not in data:
                    hint = f"add `{other}:`"
                    found.append((name, f"`{name}: {value}` needs `{other}`", hint))
    for name, (test, words) in kind.fields.items():
        if name in data and not test(data[name]):
            found.append(
                (name, f"`{name}` is {data[name]!r}, not {words}", f"write `{name}` as {words}")
            )
    return found
