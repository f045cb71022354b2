"""The reference docs cannot drift from the code: questions, commands, flags, exit codes."""

from __future__ import annotations

import argparse
import re

import yaml

from pilotkit.cli import COMMANDS, build_parser
from pilotkit.errors import ExitCode
from tests.conftest import REPO_ROOT

DOCS = REPO_ROOT / "docs"


def questions() -> dict[str, dict[str, object]]:
    """The questions of copier.yml, loaded the way copier loads it (includes and all)."""
    from copier._template import load_template_config

    config = load_template_config(REPO_ROOT / "copier.yml")
    return {key: value for key, value in config.items() if not key.startswith("_")}


def test_every_question_is_documented_and_nothing_else() -> None:
    page = (DOCS / "reference" / "answers.md").read_text()
    documented = set(re.findall(r"^\| `([a-z_0-9]+)` \|", page, flags=re.MULTILINE))
    asked = {name for name, spec in questions().items() if spec.get("when") is not False}
    assert documented == asked


def test_every_command_has_a_reference_section() -> None:
    page = (DOCS / "reference" / "commands.md").read_text()
    for name in COMMANDS:
        assert f"## `pilotkit {name}" in page, name


def test_every_flag_is_documented() -> None:
    page = (DOCS / "reference" / "commands.md").read_text()
    missing = [
        f"{command} {flag}".strip()
        for command, flag in _flags(build_parser(), "")
        if flag != "--help" and f"`{flag}" not in page
    ]
    assert missing == []


def _flags(parser: argparse.ArgumentParser, name: str) -> list[tuple[str, str]]:
    """Every long flag of PARSER and of its sub-commands, at any depth (`tasks claim --as`)."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child, command in action.choices.items():
                found += _flags(command, f"{name} {child}")
        found += [(name, flag) for flag in action.option_strings if flag.startswith("--")]
    return found


def test_exit_codes_page_matches_the_code() -> None:
    page = (DOCS / "reference" / "exit-codes.md").read_text()
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", page, flags=re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}


def test_catalog_servers_are_the_documented_choices() -> None:
    page = (DOCS / "reference" / "answers.md").read_text()
    catalog = questions()["mcp_catalog"]["default"]
    assert isinstance(catalog, dict)
    row = next(line for line in page.splitlines() if line.startswith("| `mcp_servers`"))
    assert re.findall(r"`([a-z0-9]+)`", row.split("|")[3]) == list(catalog)


def test_docs_links_resolve() -> None:
    for page in [*DOCS.rglob("*.md"), REPO_ROOT / "README.md"]:
        for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.relative_to(REPO_ROOT)} -> {target}"


def test_readme_first_screen_has_the_two_commands() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    first_screen = readme.split("---", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", first_screen, flags=re.DOTALL)
    assert len(blocks) == 2
    assert "pilotkit new" in blocks[0] and "--defaults" in blocks[0]
    ci = (REPO_ROOT / ".ci" / "run").read_text()
    assert blocks[1].strip() in ci, "the README's test command must be what CI runs"


def test_copier_yml_is_plain_yaml_for_other_tools() -> None:
    # copier's !include tag aside, the file must parse, so editors and linters can read it.
    text = (REPO_ROOT / "copier.yml").read_text().replace("--- !include", "--- #")
    assert list(yaml.safe_load_all(text))
