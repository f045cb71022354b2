"""`pilotkit check`: load the pilot once, run every selected rule, return all findings.

Per-pilot settings live in the `check:` section of `.pilotkit.yaml` at the pilot's root
(documented in docs/reference/rules.md). Flags given to the command win over them:
`select` replaces the file's `select`, `ignore` adds to the file's `ignore`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import rules
from pilotkit._version import __version__
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.findings import Finding, Severity, finding
from pilotkit.numbers import is_whole
from pilotkit.pilot.load import SETTINGS, Pilot, load_pilot
from pilotkit.rules import Context, Options, Rule

Complain = Callable[[str, str, str], None]  # (setting, message, hint)
SETTING_KEYS = ("select", "ignore", "severity", "agents_md_max_bytes", "vague_terms", "markers")


@dataclass(frozen=True)
class CheckResult:
    """What `check` found in the pilot at `root`, and which rules it ran."""

    root: Path
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]
    tasks: int
    requirements: int

    @property
    def errors(self) -> int:
        return sum(1 for item in self.findings if item.severity == Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for item in self.findings if item.severity == Severity.WARNING)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.PROBLEMS if self.errors else ExitCode.OK


def check(
    path: Path,
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    min_version: str | None = None,
) -> CheckResult:
    """Lint the pilot at PATH (or containing it) with the selected rules.

    SELECT and IGNORE are rule ids or prefixes (`PK-T013`, `PK-T`). MIN_VERSION, when
    given, refuses to run under an older pilotkit (the pilot's pre-commit hook sets it to
    the template's own version).
    """
    if min_version is not None:
        require(min_version)
    for flag, selectors in (("--select", select), ("--ignore", ignore)):
        bad = rules.unknown(selectors)
        if bad:
            raise PilotkitError(
                f"{flag} {', '.join(bad)}: no such rule; the rules are listed by "
                "`pilotkit check --list-rules` and in docs/reference/rules.md"
            )
    loaded = load_pilot(path)
    settings = Settings.read(loaded)
    chosen_select = list(select) or settings.select
    findings = rules.run(
        Context(loaded, settings.options),
        select=chosen_select,
        ignore=[*settings.ignore, *ignore],
        severities=settings.severity,
    )
    selected = rules.matching(chosen_select) if chosen_select else list(rules.RULES)
    ignored = {rule.id for rule in rules.matching([*settings.ignore, *ignore])}
    ran = tuple(rule for rule in selected if rule.id not in ignored)
    problems = [item for item in settings.problems if item.rule in {rule.id for rule in ran}]
    return CheckResult(
        root=loaded.root,
        findings=tuple(sorted([*findings, *problems], key=rules.sort_key)),
        rules=ran,
        tasks=len(loaded.tasks),
        requirements=len(loaded.requirements),
    )


def require(minimum: str) -> None:
    """Refuse to run under a pilotkit older than MINIMUM."""
    from packaging.version import InvalidVersion, Version

    try:
        needed, have = Version(minimum), Version(__version__)
    except InvalidVersion:
        raise PilotkitError(f"--min-version {minimum}: not a version number") from None
    if have < needed:
        raise PilotkitError(
            f"this pilot's checks need pilotkit {minimum} or newer (its template's version); "
            f"this is pilotkit {__version__}: upgrade with `pipx upgrade pilotkit` or "
            f"`pip install -U 'pilotkit>={minimum}'`"
        )


@dataclass(frozen=True)
class Settings:
    """The `check:` section of `.pilotkit.yaml`, and a PK-P003 finding for each bad value."""

    select: list[str]
    ignore: list[str]
    severity: dict[str, Severity]
    options: Options
    problems: list[Finding]

    @classmethod
    def read(cls, loaded: Pilot) -> Settings:
        section = loaded.settings.get("check", {})
        lines = loaded.settings_lines
        problems: list[Finding] = []

        def bad(key: str, message: str, hint: str) -> None:
            line = lines.get(f"check.{key}", lines.get("check", 1))
            problems.append(finding("PK-P003", SETTINGS, line, message, hint))

        for key in loaded.settings:
            if key != "check":
                bad(key, f"unknown section `{key}`", "pilotkit reads only `check:`")
        if not isinstance(section, dict):
            bad("", "`check` must be a mapping", "write the settings indented below `check:`")
            section = {}
        for key in section:
            if key not in SETTING_KEYS:
                bad(key, f"unknown setting `check.{key}`", "known: " + ", ".join(SETTING_KEYS))
        select = _rule_list(section, "select", bad)
        ignore = _rule_list(section, "ignore", bad)
        severity = _severities(section.get("severity", {}), bad)
        limit = section.get("agents_md_max_bytes", Options.agents_md_max_bytes)
        if not is_whole(limit, least=1):
            bad("agents_md_max_bytes", f"{limit!r} is not a positive number of bytes", "e.g. 32768")
            limit = Options.agents_md_max_bytes
        options = Options(
            agents_md_max_bytes=limit,
            vague_terms=tuple(_words(section, "vague_terms", bad)),
            markers=tuple(_words(section, "markers", bad)),
        )
        return cls(select, ignore, severity, options, problems)


def _words(section: Mapping[str, Any], key: str, bad: Complain) -> list[str]:
    value = section.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        bad(key, f"`{key}` must be a list of words", f"write `{key}: [word, other words]`")
        return []
    return [v.strip() for v in value]


def _rule_list(section: Mapping[str, Any], key: str, bad: Complain) -> list[str]:
    words = _words(section, key, bad)
    for word in rules.unknown(words):
        bad(key, f"`{word}` is not a rule id", "see docs/reference/rules.md for the ids")
    return [word for word in words if word not in rules.unknown([word])]


def _severities(value: Any, bad: Complain) -> dict[str, Severity]:
    if not isinstance(value, dict):
        bad("severity", "`severity` must map rule ids to error or warning", "PK-S006: error")
        return {}
    result = {}
    for rule_id, level in value.items():
        if str(rule_id) not in rules.BY_ID:
            bad("severity", f"`{rule_id}` is not a rule id", "use a full id, e.g. PK-S006")
        elif level not in ("error", "warning"):
            bad("severity", f"{rule_id}: {level!r} is not error or warning", "use error or warning")
        else:
            result[str(rule_id)] = Severity(level)
    return result
