"""`pilotkit check` results as data for machines: pilotkit's JSON shape and SARIF 2.1.0.

Both are plain dicts; the CLI serialises them. The JSON shape is versioned by its
`format_version` and documented in docs/reference/check-output.md; SARIF is the static
analysis exchange format that code-scanning pages read.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from pilotkit._version import __version__
from pilotkit.commands.check import CheckResult
from pilotkit.findings import Finding, Severity
from pilotkit.rules import Rule, reference

JSON_FORMAT_VERSION = 1
SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
ROOT_ID = "PILOTROOT"


def as_json(result: CheckResult) -> dict[str, Any]:
    """The versioned JSON document of RESULT."""
    return {
        "format": "pilotkit-check",
        "format_version": JSON_FORMAT_VERSION,
        "pilotkit": __version__,
        "pilot": str(result.root),
        "summary": {
            "errors": result.errors,
            "warnings": result.warnings,
            "tasks": result.tasks,
            "requirements": result.requirements,
            "rules": len(result.rules),
        },
        "findings": [_finding(item) for item in result.findings],
    }


def _finding(item: Finding) -> dict[str, Any]:
    return {
        "rule": item.rule,
        "severity": str(item.severity),
        "path": item.path,
        "line": item.line,
        "column": item.column,
        "message": item.message,
        "hint": item.hint,
    }


def as_sarif(result: CheckResult) -> dict[str, Any]:
    """RESULT as a SARIF 2.1.0 log with one run."""
    index = {rule.id: position for position, rule in enumerate(result.rules)}
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "pilotkit",
                        "version": __version__,
                        "informationUri": reference.URL,
                        "rules": [_descriptor(rule) for rule in result.rules],
                    }
                },
                "originalUriBaseIds": {ROOT_ID: {"uri": result.root.as_uri() + "/"}},
                "results": [_result(item, index) for item in result.findings],
            }
        ],
    }


def _descriptor(rule: Rule) -> dict[str, Any]:
    """RULE as SARIF describes a rule: what it flags, how to fix it, where it is documented."""
    summary = f"{rule.summary[0].upper()}{rule.summary[1:]}."
    fix = reference.FIXES.get(rule.id, "see the rule's documentation.")
    uri = reference.uri(rule.id)
    return {
        "id": rule.id,
        "shortDescription": {"text": _plain(rule.summary)},
        "fullDescription": {
            "text": _plain(f"{summary} Fix: {fix}"),
            "markdown": f"{summary} **Fix:** {fix}",
        },
        "help": {
            "text": _plain(f"{summary} Fix: {fix} Documentation: {uri}"),
            "markdown": f"{summary}\n\n**Fix:** {fix}\n\n[{rule.id} in the rules reference]({uri})",
        },
        "helpUri": uri,
        "defaultConfiguration": {"level": _level(rule.severity)},
    }


def _result(item: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": quote(item.path), "uriBaseId": ROOT_ID}}
    if item.line is not None:
        region = {"startLine": item.line}
        if item.column is not None:
            region["startColumn"] = item.column
        location["region"] = region
    result: dict[str, Any] = {
        "ruleId": item.rule,
        "level": _level(item.severity),
        "message": {"text": f"{item.message}. Fix: {item.hint}" if item.hint else item.message},
        "locations": [{"physicalLocation": location}],
    }
    if item.rule in index:
        result["ruleIndex"] = index[item.rule]
    return result


def _level(severity: Severity) -> str:
    return "error" if severity == Severity.ERROR else "warning"


def _plain(text: str) -> str:
    return text.replace("`", "")
