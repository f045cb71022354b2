"""Agent guideline files: where each agent's rule, sub-agent and command files live, and
the front matter fields each kind of file takes (from the agents' documented formats).

`AGENTS.md` is the canonical text; each chosen agent's adapter (listed in the agent
catalog) must point at it. `KINDS` says, per file pattern, which front matter fields are
required and what each field may hold; fields not listed are accepted.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pilotkit.agents.values import (
    BOOL,
    COUNT,
    MAPPING,
    NUMBER,
    SLUG,
    TEXT,
    TEXTS,
    Value,
    one_of,
)

AGENTS_MD = "AGENTS.md"
AGENTS_MD_MAX_BYTES = 32 * 1024  # Codex reads at most this much (project_doc_max_bytes)


@dataclass(frozen=True)
class Kind:
    """One kind of guideline file: its glob, whether front matter is required, its fields."""

    label: str
    pattern: str
    needs_front_matter: bool
    fields: Mapping[str, Value]
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
            "permissionMode": one_of(
                "default", "acceptEdits", "auto", "dontAsk", "bypassPermissions", "plan", "manual"
            ),
            "maxTurns": COUNT,
            "isolation": one_of("worktree"),
            "memory": one_of("user", "project", "local"),
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
            "excludeAgent": one_of("code-review", "coding-agent"),
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
            "target": one_of("vscode", "github-copilot"),
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
            "kind": one_of("local", "remote"),
            "tools": TEXTS,
            "model": TEXT,
            "temperature": NUMBER,
            "max_turns": COUNT,
            "timeout_mins": COUNT,
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
            "trigger": one_of("always_on", "model_decision", "glob", "manual"),
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
            "inclusion": one_of("always", "fileMatch", "manual", "auto"),
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
            "mode": one_of("primary", "subagent", "all"),
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
    for name, value in kind.fields.items():
        if name in data and not value.fits(data[name]):
            words = value.words
            found.append(
                (name, f"`{name}` is {data[name]!r}, not {words}", f"write `{name}` as {words}")
            )
    return found
