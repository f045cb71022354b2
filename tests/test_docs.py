"""The reference docs cannot drift from the code: questions, commands, flags, exit codes."""

from __future__ import annotations

import argparse
import itertools
import re
from dataclasses import dataclass

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


def commands() -> dict[str, argparse.ArgumentParser]:
    """Every command that runs, by its words after `pilotkit` (`new`, `tasks claim` …)."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> None:
        groups = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not groups:
            found[" ".join(words)] = parser
        for group in groups:
            for name, child in group.choices.items():
                walk(child, (*words, name))

    walk(build_parser(), ())
    return found


@dataclass(frozen=True)
class Section:
    """One `##`/`###` section of commands.md: the commands its heading names, each with the
    arguments the heading shows for it; its flag table (flag → value shown, meaning); its
    text."""

    heading: dict[str, list[str]]
    rows: dict[str, tuple[str, str]]
    text: str


def sections() -> list[Section]:
    page = (DOCS / "reference" / "commands.md").read_text()
    found = []
    for part in re.split(r"^(?=#{2,3} )", page, flags=re.MULTILINE)[1:]:
        heading: dict[str, list[str]] = {}
        parent: list[str] = []
        for span in re.findall(r"`([^`]+)`", part.splitlines()[0]):
            words = span.split()
            # `done ID` after `pilotkit tasks review ID` is a sibling: `tasks done ID`
            words = words[1:] if words[0] == "pilotkit" else [*parent, *words]
            names = list(itertools.takewhile(re.compile(r"[a-z][a-z|-]*").fullmatch, words))
            rest = list(itertools.takewhile(lambda w: not w.startswith("--"), words[len(names) :]))
            *parent, last = names
            for leaf in last.split("|"):  # `log session|correction`
                heading[" ".join([*parent, leaf])] = rest
        rows = re.findall(r"^\| `(--[a-z-]+) ?([^`]*)` \| (.*) \|$", part, flags=re.MULTILINE)
        found.append(
            Section(heading, {flag: (shown, meaning) for flag, shown, meaning in rows}, part)
        )
    return found


def shown_args(parser: argparse.ArgumentParser) -> list[str]:
    """The positional arguments as a heading shows them: `ID`, `[PATH]`, `[PILOT …]`,
    `SOURCE…`."""
    shown = []
    for action in parser._actions:
        if action.option_strings or isinstance(action, argparse._SubParsersAction):
            continue
        name = str(action.metavar)
        by_nargs = {"?": [f"[{name}]"], "*": [f"[{name}", "…]"], "+": [f"{name}…"]}
        shown += by_nargs.get(str(action.nargs), [name])
    return shown


def test_every_command_has_its_section_with_its_arguments() -> None:
    documented = {name: shown for s in sections() for name, shown in s.heading.items()}
    for name, parser in commands().items():
        assert name in documented, f"commands.md has no section for `pilotkit {name}`"
        assert documented[name] == shown_args(parser), name


def flag_problems(name: str, action: argparse.Action, section: Section, above: str) -> list[str]:
    """How the page's row for ACTION of command NAME differs from the parser's ACTION."""
    flag = action.option_strings[-1]
    value = "" if action.nargs == 0 else str(action.metavar or action.dest.upper())
    if flag not in section.rows:  # a flag each command of a group takes is said once above
        said = f"`{flag} {value}`" in above if value else f"`{flag}`" in above
        return [] if said else [f"{name}: {flag} has no row in its section"]
    shown, meaning = section.rows[flag]
    if action.choices is not None and action.metavar is None:
        choices = [str(choice) for choice in action.choices]
        missing = [c for c in choices if f"`{c}`" not in meaning]
        if shown == "\\|".join(choices) or not missing:  # `text|json`, or each one explained
            return []
        return [f"{name}: {flag} shows {shown!r}, choices {missing} are not on the page"]
    return [] if shown == value else [f"{name}: {flag} {value} shown as {shown!r}"]


def test_every_flag_row_matches_the_parser() -> None:
    """Field by field: each command's flags, each one's value (metavar or choices), and
    no row for a flag the command does not have. The page is written by hand, because it
    says what argparse's help cannot (defaults' reasons, refusals, examples); this test
    keeps it true to the parser."""
    all_sections = sections()
    problems = []
    for name, parser in commands().items():
        section = next(s for s in all_sections if name in s.heading)
        # what a group's section (`pilotkit tasks ACTION`) says for all of its commands
        group = [s.text for s in all_sections if name.split()[0] in s.heading]
        above = "".join([section.text, *group])
        for action in parser._actions:
            if any(flag.startswith("--") and flag != "--help" for flag in action.option_strings):
                problems += flag_problems(name, action, section, above)
    for section in all_sections:
        # a group's section (`pilotkit tasks ACTION`) may list the flags its commands share
        flags = {
            flag
            for name in section.heading
            for command, parser in commands().items()
            if command == name or command.startswith(f"{name} ")
            for action in parser._actions
            for flag in action.option_strings
        }
        problems += [
            f"{sorted(section.heading)}: {flag} is no flag of theirs"
            for flag in section.rows.keys() - flags
        ]
    assert problems == []


def test_the_global_flags_are_documented() -> None:
    top = (DOCS / "reference" / "commands.md").read_text().split("\n## ", 1)[0]
    for action in build_parser()._actions:
        flags = set(action.option_strings) - {"-h", "--help"}
        if flags:
            assert any(re.search(rf"[`\[]{flag}[`\]]", top) for flag in flags), flags


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
