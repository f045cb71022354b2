"""docs/reference/rules.md cannot drift from the rule registry."""

from __future__ import annotations

import re

from pilotkit.commands.check import SETTING_KEYS
from pilotkit.rules import RULES, reference
from pilotkit.rules.signals import MARKERS, OPEN_ENDED, VAGUE_TERMS
from tests.conftest import REPO_ROOT

PAGE = (REPO_ROOT / "docs" / "reference" / "rules.md").read_text()
DOCUMENTED = dict(
    re.findall(r"^### `(PK-[A-Z]\d{3})` — .*?\n\n\*\*(error|warning)\.\*\*", PAGE, re.M)
)


def test_every_rule_is_documented_and_nothing_else() -> None:
    documented = re.findall(r"^### `(PK-[A-Z]\d{3})`", PAGE, flags=re.MULTILINE)
    assert documented == [rule.id for rule in RULES]


def test_documented_severity_is_the_rules() -> None:
    severities = {rule.id: str(rule.severity) for rule in RULES}
    assert severities == DOCUMENTED


def test_word_lists_are_documented() -> None:
    flat = " ".join(PAGE.split())  # list items wrap across lines
    for word in (*VAGUE_TERMS, *OPEN_ENDED):
        assert re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", flat), word
    for marker in MARKERS:
        assert f"`{marker.rstrip(']')}" in PAGE, marker


def test_settings_are_documented() -> None:
    block = PAGE.split("## Settings: `.pilotkit.yaml`", 1)[1]
    for key in SETTING_KEYS:
        assert f"  {key}:" in block, key


def sections() -> dict[str, str]:
    """Each rule's section of the page, white space made single (lines wrap anywhere)."""
    parts = re.split(r"^(?=### `PK-)", PAGE.split("## Settings", 1)[0], flags=re.MULTILINE)[1:]
    return {part[5:12]: " ".join(part.split()) for part in parts}


def test_every_rule_has_a_fix_and_its_section_says_it() -> None:
    assert list(reference.FIXES) == [rule.id for rule in RULES]
    documented = sections()
    for rule_id, fix in reference.FIXES.items():
        assert f"Fix: {fix}" in documented[rule_id], rule_id


def test_every_rule_has_a_stable_anchor_before_its_heading() -> None:
    anchors = re.findall(r'^<a id="(pk-[a-z]\d{3})"></a>\n\n### `(PK-[A-Z]\d{3})`', PAGE, re.M)
    assert anchors == [(rule.id.lower(), rule.id) for rule in RULES]
    assert reference.uri("PK-T013") == f"{reference.URL}#pk-t013"
