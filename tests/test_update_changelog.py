"""`pilotkit update` shows the template's changelog between the two versions and commits it."""

from __future__ import annotations

import json
from pathlib import Path

from pilotkit.template import changelog
from tests.conftest import Cli
from tests.template_repo import TemplateRepo, git


def add_entry(repo: TemplateRepo, version: str, note: str) -> None:
    log = repo.path / "template" / "_pilotkit" / "CHANGELOG.md"
    text = log.read_text()
    first = text.index("\n## ")
    log.write_text(f"{text[:first]}\n## {version}\n\n- {note}\n{text[first:]}")


def test_update_prints_and_commits_the_entries_between_the_versions(
    cli: Cli, tmp_path: Path
) -> None:
    repo = TemplateRepo(tmp_path / "org-template")
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults", "--template", repo.path).code == 0
    add_entry(repo, "0.2.0", "Reviews get a security checklist.")
    repo.write("review/security-review.md", "# Security review\n\n- [ ] No secret.\n")
    repo.release("v0.2.0")
    add_entry(repo, "0.3.0", "AGENTS.md names the test command.")
    repo.replace("AGENTS.md.jinja", "## When you are blocked", "## When you are stuck")
    repo.release("v0.3.0")

    dry = cli("update", pilot, "--dry-run")
    assert dry.code == 0, dry.out + dry.err
    lines = dry.out.splitlines()
    start = lines.index("    what changed in the template:")
    assert lines[start + 1 : start + 6] == [
        "      0.3.0:",
        "      - AGENTS.md names the test command.",
        "",
        "      0.2.0:",
        "      - Reviews get a security checklist.",
    ]
    assert "0.1.0:" not in dry.out  # the pilot's own version is not news

    run = cli("update", pilot, "--commit", "--format", "json")
    assert run.code == 0, run.out + run.err
    (outcome,) = json.loads(run.out)["pilots"]
    assert [entry["version"] for entry in outcome["changelog"]] == ["0.3.0", "0.2.0"]
    message = git(pilot, "log", "-1", "--format=%B")
    assert (
        "What changed in the template:\n\n0.3.0:\n- AGENTS.md names the test command.\n\n"
        "0.2.0:\n- Reviews get a security checklist.\n" in message
    )


def test_the_embedded_template_keeps_a_changelog_entry_for_its_version() -> None:
    from pilotkit import __version__
    from tests.conftest import REPO_ROOT

    text = (REPO_ROOT / "template" / changelog.PATH).read_text()
    assert changelog.parse(text)[0].version == __version__  # newest first, this version


def test_sections_are_read_newest_first_whatever_their_heading_style() -> None:
    text = "# Changelog\n\nIntro.\n\n## [v0.3.0] - 2026-12-01\n\n- c\n\n## 0.2.0\n- b\n\n## 0.1.0\n"
    entries = changelog.parse(text)
    assert [(e.version, e.text) for e in entries] == [
        ("0.3.0", "- c"),
        ("0.2.0", "- b"),
        ("0.1.0", ""),
    ]
    assert changelog.between(entries, "v0.1.0", "v0.2.0") == (changelog.Entry("0.2.0", "- b"),)
    assert changelog.between(entries, "main", "v0.2.0") == ()  # not versions: nothing to say
