"""The task graph as data and as diagrams: JSON, Mermaid (flowchart) and Graphviz DOT.

Each function returns text; the CLI prints it. Tasks are grouped by wave, the critical
path is drawn bold, and each task's status is a class, so a rendered diagram shows at a
glance what can run together and what is late.
"""

from __future__ import annotations

import json
from typing import Any

from pilotkit.pilot.plan import Plan

JSON_VERSION = 1
_MERMAID_STYLES = {
    "done": "fill:#d3f9d8,stroke:#2b8a3e",
    "claimed": "fill:#fff3bf,stroke:#e67700",
    "in-review": "fill:#d0ebff,stroke:#1864ab",
    "blocked": "fill:#ffe3e3,stroke:#c92a2a",
    "critical": "stroke-width:3px",
}
_DOT_COLOURS = {
    "done": "#d3f9d8",
    "claimed": "#fff3bf",
    "in-review": "#d0ebff",
    "blocked": "#ffe3e3",
}


def as_dict(plan: Plan) -> dict[str, Any]:
    """The graph in the documented JSON shape (`version` changes if the shape does)."""
    critical = set(plan.critical_path)
    return {
        "version": JSON_VERSION,
        "tasks": [
            {
                "id": task.id,
                "title": task.title,
                "status": task.status,
                "assignee": task.assignee,
                "depends_on": list(task.depends_on),
                "wave": plan.wave(task.id),
                "hours": plan.hours.get(task.id),
                "critical": task.id in critical,
                "path": task.path,
            }
            for task in plan.tasks
        ],
        "waves": [list(wave) for wave in plan.waves],
        "critical_path": {"hours": plan.critical_hours, "tasks": list(plan.critical_path)},
        "max_parallelism": plan.parallelism,
        "cycle": list(plan.cycle) if plan.cycle else None,
    }


def to_json(plan: Plan) -> str:
    return json.dumps(as_dict(plan), indent=2, ensure_ascii=False) + "\n"


def mermaid(plan: Plan) -> str:
    """A Mermaid flowchart: one subgraph per wave, an arrow from each dependency."""
    lines = ["flowchart LR"]
    for number, wave in enumerate(plan.waves, start=1):
        lines.append(f'  subgraph wave{number}["Wave {number}"]')
        lines.append("    direction TB")
        lines += [f'    {task_id}["{_mermaid_label(plan, task_id)}"]' for task_id in wave]
        lines.append("  end")
    known = plan.pilot.by_id
    for task in plan.tasks:
        if plan.wave(task.id) is None:  # on or behind a cycle: still drawn, outside waves
            lines.append(f'  {task.id}["{_mermaid_label(plan, task.id)}"]')
    for task in plan.tasks:
        lines += [f"  {dep} --> {task.id}" for dep in task.depends_on if dep in known]
    for name, style in _MERMAID_STYLES.items():
        lines.append(f"  classDef {name.replace('-', '_')} {style}")
    for status in ("done", "claimed", "in-review", "blocked"):
        members = [task.id for task in plan.tasks if task.status == status]
        if members:
            lines.append(f"  class {','.join(members)} {status.replace('-', '_')}")
    if plan.critical_path:
        lines.append(f"  class {','.join(plan.critical_path)} critical")
    return "\n".join(lines) + "\n"


def dot(plan: Plan) -> str:
    """A Graphviz digraph: one cluster per wave, the critical path drawn bold."""
    critical = set(plan.critical_path)
    # Only the chain's own edges: T04 -> T06 joins two critical tasks but skips T05.
    chain = set(zip(plan.critical_path, plan.critical_path[1:], strict=False))
    lines = ["digraph tasks {", "  rankdir=LR;", '  node [shape=box, style="rounded,filled"];']
    for number, wave in enumerate(plan.waves, start=1):
        lines.append(f"  subgraph cluster_wave{number} {{")
        lines.append(f'    label="Wave {number}";')
        lines += [f"    {_dot_node(plan, task_id, critical)}" for task_id in wave]
        lines.append("  }")
    for task in plan.tasks:
        if plan.wave(task.id) is None:
            lines.append(f"  {_dot_node(plan, task.id, critical)}")
    for task in plan.tasks:
        for dep in task.depends_on:
            if dep in plan.pilot.by_id:
                bold = " [penwidth=3]" if (dep, task.id) in chain else ""
                lines.append(f'  "{dep}" -> "{task.id}"{bold};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _label(plan: Plan, task_id: str) -> str:
    task = plan.pilot.by_id[task_id]
    hours = plan.hours.get(task_id)
    suffix = f" ({hours:g} h)" if hours is not None else ""
    return f"{task_id} {task.title}{suffix}"


def _mermaid_label(plan: Plan, task_id: str) -> str:
    # Inside a quoted Mermaid label, `"` ends the label; entity codes are the escape.
    text = " ".join(_label(plan, task_id).split())
    for char, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;")):
        text = text.replace(char, code)
    return text


def _dot_node(plan: Plan, task_id: str, critical: set[str]) -> str:
    task = plan.pilot.by_id[task_id]
    label = " ".join(_label(plan, task_id).split()).replace("\\", "\\\\").replace('"', '\\"')
    attributes = [f'label="{label}"', f'fillcolor="{_DOT_COLOURS.get(task.status, "white")}"']
    if task_id in critical:
        attributes.append("penwidth=3")
    return f'"{task_id}" [{", ".join(attributes)}];'
