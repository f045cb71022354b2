"""The defaults the interview sees in git: the engineer's name and the repository."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from pilotkit.agents.credentials import without_credentials
from pilotkit.interview.suggest import from_git, pilot_name
from pilotkit.template.source import local_folder


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_in_a_checkout_the_origin_and_the_user_name_are_suggested(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "remote", "add", "origin", "https://git.example.com/acme/billing.git")
    (tmp_path / "src").mkdir()
    assert from_git(tmp_path / "src") == {
        "engineer": "Pilot Tester",  # the test identity's user.name
        "repository": "https://git.example.com/acme/billing.git",
    }


def test_a_token_in_the_remote_url_is_never_suggested(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "remote", "add", "origin", "https://kim:ghp_s3cr3t@git.example.com/acme/b.git")
    assert from_git(tmp_path)["repository"] == "https://git.example.com/acme/b.git"


def test_without_a_remote_the_checkout_path_is_suggested(tmp_path: Path) -> None:
    git(tmp_path, "init", "--quiet")
    assert Path(from_git(tmp_path)["repository"]).resolve() == tmp_path.resolve()


def test_outside_a_repository_and_without_a_name_nothing_is_suggested(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "empty.gitconfig").write_text("")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "empty.gitconfig"))
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    (tmp_path / "work").mkdir()
    assert from_git(tmp_path / "work") == {}


@pytest.mark.parametrize(
    ("url", "offered"),
    [
        ("https://user:token@example.com/a/b.git", "https://example.com/a/b.git"),
        ("https://token@example.com:8443/a/b", "https://example.com:8443/a/b"),
        ("ssh://git@example.com/a/b.git", "ssh://git@example.com/a/b.git"),
        ("ssh://git:pass@example.com/a/b.git", "ssh://git@example.com/a/b.git"),
        ("git@example.com:a/b.git", "git@example.com:a/b.git"),
        ("/srv/git/b", "/srv/git/b"),
    ],
)
def test_credentials_are_taken_out_of_a_url(url: str, offered: str) -> None:
    assert without_credentials(url) == offered


@pytest.mark.parametrize(
    ("dest", "name"), [("search-pilot", "search-pilot"), ("Search Pilot 2", "search-pilot-2")]
)
def test_the_pilot_name_comes_from_the_destination(dest: str, name: str) -> None:
    assert pilot_name(Path("/tmp") / dest) == name


def test_a_repository_answer_is_a_local_folder_only_when_it_names_one(tmp_path: Path) -> None:
    checkout = tmp_path / "billing"
    checkout.mkdir()
    assert local_folder(str(checkout), Path("/elsewhere")) == checkout
    assert local_folder("billing", tmp_path) == checkout  # relative: from the base
    assert local_folder(" billing ", tmp_path) == checkout
    for url in ("https://git.example.com/acme/billing", "git@git.example.com:acme/b.git"):
        assert local_folder(url, tmp_path) is None
    assert local_folder("gh:acme/billing", tmp_path) is None
    assert local_folder("missing", tmp_path) is None
    assert local_folder("", tmp_path) is None
