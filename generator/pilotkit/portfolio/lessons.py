"""What the pilots learned: course corrections across pilots by cause, by the part of the
template they point at, and by template version, so a lead sees whether a guideline
change helped.

The journal records a correction's cause, not the file to change; `AREAS` says, per
cause, which files of the template a lead edits about it (the guidelines' section, the
agents' adapters, the MCP configuration). A correction that names an MCP server of the
catalog points at that server too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit.pilot.journal import CAUSES
from pilotkit.portfolio.facts import Correction
from pilotkit.portfolio.sources import Pilot

EXAMPLES = 3  # quoted per cause
NOT_GIVEN = "not-given"
LABELS: Mapping[str, str] = {**CAUSES, NOT_GIVEN: "not given"}

# Per cause: the files a lead edits about it, as a pilot has them, with the part to look
# at and the file of pilotkit's template that renders them (`template/` of the template).
AREAS: Mapping[str, tuple[str, ...]] = {
    "spec-gap": (
        "specs/requirements.md, the requirements' shape (template/specs/requirements.md.jinja)",
        "specs/design.md, the design's shape (template/specs/design.md.jinja)",
        "review/spec-review.md, the spec review checklist (template/review/spec-review.md)",
    ),
    "scope": ("AGENTS.md, sections “Pick one task” and “Never” (template/AGENTS.md.jinja)",),
    "ignored-guideline": (
        "AGENTS.md, section “How to do the work” (template/AGENTS.md.jinja)",
        "ADAPTERS",
    ),
    "tool-failure": (
        "the MCP servers of every client: one list in template/_pilotkit/mcp.jinja, the "
        "servers' entries in template/_pilotkit/catalog.yml",
    ),
    "failing-tests": (
        "AGENTS.md, section “How to do the work”, the tests to run (template/AGENTS.md.jinja)",
    ),
    "rabbit-hole": ("AGENTS.md, section “When you are blocked” (template/AGENTS.md.jinja)",),
    "other": (
        "review/retrospective.md, to name the cause next time (template/review/retrospective.md)",
    ),
    NOT_GIVEN: (
        "review/retrospective.md: log a cause with `pilotkit log correction --cause` "
        "(template/review/retrospective.md)",
    ),
}
# The file each agent product reads besides AGENTS.md, and the template file of it.
ADAPTERS: Mapping[str, tuple[str, str]] = {
    "claude": ("CLAUDE.md", "template/CLAUDE.md.jinja"),
    "codex": (
        ".codex/config.toml",
        "template/.codex/config.toml.jinja",
    ),
    "copilot": (
        ".github/copilot-instructions.md",
        "template/.github/copilot-instructions.md.jinja",
    ),
    "cursor": (
        ".cursor/rules/pilot.mdc",
        "template/.cursor/rules/pilot.mdc.jinja",
    ),
    "gemini": (
        ".gemini/settings.json",
        "template/.gemini/settings.json.jinja",
    ),
    "windsurf": (
        ".windsurf/rules/pilot.md",
        "template/.windsurf/rules/pilot.md.jinja",
    ),
    "kiro": (
        ".kiro/steering/pilot.md",
        "template/.kiro/steering/pilot.md.jinja",
    ),
    "opencode": (
        "opencode.json",
        "template/opencode.json.jinja",
    ),
}


@dataclass(frozen=True)
class Example:
    correction: Correction
    link: str  # the pilot and task, as a path when the pilot was read from its folder


@dataclass(frozen=True)
class CauseLesson:
    cause: str
    label: str
    corrections: int
    minutes: int
    pilots: int
    areas: tuple[str, ...]
    servers: tuple[str, ...]  # MCP servers the corrections name
    examples: tuple[Example, ...]
    # template version → (corrections of this cause, done tasks of those pilots)
    by_version: tuple[tuple[str, int, int], ...]


def lessons(pilots: Sequence[Pilot], servers: Sequence[str] = ()) -> tuple[CauseLesson, ...]:
    """One lesson per cause that occurs, most corrections first."""
    done_by_version: dict[str, int] = {}
    for pilot in pilots:
        version = pilot.facts.template_version
        done_by_version[version] = done_by_version.get(version, 0) + pilot.facts.done
    products = sorted({p.product for pilot in pilots for p in pilot.facts.products})
    found = []
    for cause in [*CAUSES, NOT_GIVEN]:
        items = [
            (pilot, c)
            for pilot in pilots
            for c in pilot.facts.corrections
            if (c.cause or NOT_GIVEN) == cause
        ]
        if items:
            found.append(_lesson(cause, items, done_by_version, products, servers))
    return tuple(sorted(found, key=lambda lesson: -lesson.corrections))


def _lesson(
    cause: str,
    items: Sequence[tuple[Pilot, Correction]],
    done_by_version: Mapping[str, int],
    products: Sequence[str],
    servers: Sequence[str],
) -> CauseLesson:
    counts: dict[str, int] = {}
    for pilot, _ in items:
        version = pilot.facts.template_version
        counts[version] = counts.get(version, 0) + 1
    return CauseLesson(
        cause=cause,
        label=LABELS[cause],
        corrections=len(items),
        minutes=sum(c.minutes for _, c in items),
        pilots=len({pilot.facts.pilot for pilot, _ in items}),
        areas=_areas(cause, products),
        servers=_servers([c.what for _, c in items], servers),
        examples=tuple(Example(c, _link(pilot, c)) for pilot, c in items[:EXAMPLES]),
        by_version=tuple(
            (version, counts.get(version, 0), done)
            for version, done in sorted(done_by_version.items())
        ),
    )


def _areas(cause: str, products: Sequence[str]) -> tuple[str, ...]:
    areas: list[str] = []
    for area in AREAS[cause]:
        if area == "ADAPTERS":
            areas.extend(
                f"{ADAPTERS[p][0]}, the {p} adapter ({ADAPTERS[p][1]})"
                for p in products
                if p in ADAPTERS
            )
        else:
            areas.append(area)
    return tuple(areas)


def _servers(texts: Sequence[str], servers: Sequence[str]) -> tuple[str, ...]:
    return tuple(
        name
        for name in servers
        if any(re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE) for text in texts)
    )


def _link(pilot: Pilot, correction: Correction) -> str:
    task = correction.task or "pilot-wide"
    if pilot.folder is None or correction.task is None:
        return f"{pilot.facts.pilot}, {task}"
    files = sorted((pilot.folder / "tasks").glob(f"{correction.task}-*.md"))
    shown = Path(pilot.origin) / "tasks" / files[0].name if files else Path(pilot.origin)
    return f"{pilot.facts.pilot}, {task} ({shown.as_posix()})"


def rate(corrections: int, done: int) -> float | None:
    return corrections / done if done else None
