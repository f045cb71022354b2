"""The answer sets `pilotkit template check` renders a template with.

Each combination changes a few answers from the template's defaults (the worked
example): every agent alone and all together, every catalog MCP server (with every
agent, so each client's config shape sees it), custom servers of both transports, no
server at all, names and text outside ASCII, and a pilot of a single task. The agents
and servers come from the template's own catalog, so a lead's additions are covered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pilotkit.agents.catalog import Catalog


@dataclass(frozen=True)
class Combination:
    """A name a lead can read in the report, and the answers that differ from the defaults."""

    name: str
    answers: Mapping[str, Any] = field(default_factory=dict)


CUSTOM_SERVERS = [
    {
        "name": "billing-db",
        "command": "uvx",
        "args": ["billing-db-mcp==1.4.2", "--read-only"],
        "env": ["BILLING_DB_URL"],
    },
    {
        "name": "design-system",
        "url": "https://mcp.design.example.org/v1/mcp",
        "bearer_env": "DESIGN_SYSTEM_TOKEN",
    },
]

UNICODE = {
    "engineer": "Zoë Ångström-Łukasiewicz 李娜",
    "feature": "Les administrateurs exportent les factures (€, ¥, ₹) en CSV — «rapide»",
    "repository": "https://git.example.org/équipe/façade",
    "requirements": [
        {
            "id": "R1",
            "statement": "Die Exportdatei enthält Umlaute (ä, ö, ü, ß) unverändert in UTF-8.",
            "acceptance": ["Ein Kunde „Müller & Söhne“ erscheint genau so in der Datei."],
        },
        {
            "id": "R2",
            "statement": "請求書の一覧をCSVで書き出せる。",
            "acceptance": ["ファイルは表計算ソフトで開ける。"],
        },
    ],
    "tasks": [
        {
            "id": "T01",
            "title": "Écrire l'exportateur CSV — façon «streaming»",
            "depends_on": [],
            "requirements": ["R1"],
            "files": ["src/export/écriture.py"],
            "estimate_hours": 3,
        },
        {
            "id": "T02",
            "title": "請求書クエリ",
            "depends_on": ["T01"],
            "requirements": ["R2"],
            "files": ["src/export/クエリ.py"],
            "estimate_hours": 2.5,
        },
    ],
    "planned_tasks": 2,
    "parallel_tasks": 1,
}

SINGLE_TASK = {
    "planned_tasks": 1,
    "parallel_tasks": 1,
    "requirements": [
        {
            "id": "R1",
            "statement": "The billing page shows the date of the last export.",
            "acceptance": ["The date appears under the Export CSV action after an export."],
        }
    ],
    "tasks": [
        {
            "id": "T01",
            "title": "Show the last export date",
            "depends_on": [],
            "requirements": ["R1"],
            "files": ["web/src/billing/LastExport.tsx"],
            "estimate_hours": 2,
        }
    ],
}


def combinations(catalog: Catalog | None) -> list[Combination]:
    """Every combination for a template with CATALOG (None: the template has none)."""
    found = [Combination("worked example (defaults)")]
    if catalog is not None:
        agents = list(catalog.agents)
        found += [Combination(f"agent {name} alone", {"agents": [name]}) for name in agents]
        found.append(Combination("every agent", {"agents": agents}))
        found += [
            Combination(f"server {name}, every agent", {"agents": agents, "mcp_servers": [name]})
            for name in catalog.servers
        ]
        every = {"agents": agents, "mcp_servers": list(catalog.servers)}
        found.append(Combination("every server, every agent", every))
        custom = {"agents": agents, "mcp_servers": [], "custom_mcp_servers": CUSTOM_SERVERS}
        found.append(Combination("custom servers, every agent", custom))
        found.append(Combination("no MCP server", {"agents": agents, "mcp_servers": []}))
    found.append(Combination("unicode names and text", UNICODE))
    found.append(Combination("a single task", SINGLE_TASK))
    return found
