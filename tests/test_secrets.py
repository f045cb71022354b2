"""No secret reaches a pilot: an answer holding a URL with a password or token is refused,
with its origin, the secret masked, and nothing written anywhere.

`new` runs in a real process whose temporary files go to the test's own folder, so that
every file the run could leave behind can be searched for the token.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotkit.agents.credentials import masked_urls, without_credentials
from pilotkit.interview.ask import OTHER_CHOICE
from pilotkit.template.questionnaire import Questionnaire
from tests.conftest import REPO_ROOT, Cli, python_command
from tests.template_repo import commit, git
from tests.test_interview import (
    BUDGET,
    CREATE,
    EVERYTHING,
    PILOT,
    REQUIREMENTS,
    SUITABLE,
    TASKS,
    interview_with,
)


@pytest.fixture(scope="module")
def questions() -> Questionnaire:
    return Questionnaire(REPO_ROOT)


TOKEN = "tok3nS3cr3tV4lu3x9"  # noqa: S105 (made up, for the search)
GITHUB_TOKEN = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2
FIX = (
    "holds a password or token, which pilotkit never writes into a pilot: give the URL "
    "without it (git's credential helper or an environment variable supplies it)"
)


def files_holding(root: Path, secret: str) -> list[str]:
    """Every file under ROOT (git's objects unpacked too) whose bytes hold SECRET."""
    found = []
    for path in root.rglob("*"):
        if path.is_file() and not path.is_symlink() and secret.encode() in path.read_bytes():
            found.append(path.relative_to(root).as_posix())
    for dot_git in root.rglob(".git"):
        log = subprocess.run(
            ["git", "log", "--all", "-p", "--format=%B"],
            cwd=dot_git.parent,
            capture_output=True,
            text=True,
        )
        if secret in log.stdout:
            found.append(f"{dot_git.parent.relative_to(root)} (git history)")
    return found


def new_in_a_process(tmp_path: Path, *argv: str | Path) -> subprocess.CompletedProcess[str]:
    scratch = tmp_path / "tmp"
    scratch.mkdir(exist_ok=True)
    env = {**os.environ, "TMPDIR": str(scratch)}
    command = python_command("new", str(tmp_path / "pilot"), *(str(arg) for arg in argv))
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)


def custom(url: str) -> str:
    return json.dumps([{"name": "docs", "url": url, "bearer_env": "DOCS_TOKEN"}])


DATA = {
    "a password in the repository": (
        f"repository=https://user:{TOKEN}@git.example.com/org/repo.git",
        TOKEN,
        "--data repository: repository: https://user:****@git.example.com/org/repo.git",
    ),
    "a token as the user name": (
        f"repository=https://{GITHUB_TOKEN}@github.com/org/repo.git",
        GITHUB_TOKEN,
        "--data repository: repository: https://****@github.com/org/repo.git",
    ),
    "a password in a custom server's URL": (
        f"custom_mcp_servers={custom(f'https://bot:{TOKEN}@docs.example.com/mcp')}",
        TOKEN,
        "--data custom_mcp_servers: custom_mcp_servers: https://bot:****@docs.example.com/mcp",
    ),
    "a URL with a password among a server's arguments": (
        "custom_mcp_servers="
        + json.dumps(
            [
                {
                    "name": "proxy",
                    "command": "npx",
                    "args": ["-y", "mcp-proxy@1.0.0", f"--upstream=https://x:{TOKEN}@up.example"],
                }
            ]
        ),
        TOKEN,
        "--data custom_mcp_servers: custom_mcp_servers: https://x:****@up.example",
    ),
}


@pytest.mark.parametrize("name", sorted(DATA))
def test_new_refuses_a_secret_given_with_data(tmp_path: Path, name: str) -> None:
    data, secret, start = DATA[name]

    run = new_in_a_process(tmp_path, "--defaults", "--data", data)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [f"pilotkit: error: {start} {FIX}"]
    assert not (tmp_path / "pilot").exists()
    assert files_holding(tmp_path, secret) == []


def test_new_refuses_a_secret_from_an_answers_file_with_its_line(tmp_path: Path) -> None:
    answers = tmp_path / "answers.yml"
    answers.write_text(
        "engineer: Kim Ode\n"
        "mcp_servers: [atlassian]\n"
        f"atlassian_url: https://kim:{TOKEN}@mcp.atlassian.com/v1/mcp\n"
    )
    other = answers.read_bytes()

    run = new_in_a_process(tmp_path, "--answers", answers)

    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        f"pilotkit: error: {answers}:3: atlassian_url: "
        f"https://kim:****@mcp.atlassian.com/v1/mcp {FIX}"
    ]
    assert not (tmp_path / "pilot").exists()
    answers.unlink()  # the person's own file holds it, and only that file
    assert files_holding(tmp_path, TOKEN) == []
    assert TOKEN.encode() in other


def test_a_url_without_a_secret_is_fine(tmp_path: Path) -> None:
    run = new_in_a_process(
        tmp_path,
        "--defaults",
        "--no-git",
        "--data",
        "repository=ssh://git@git.example.com/org/repo.git",
    )
    assert run.returncode == 0, run.stderr
    assert "repository: ssh://git@git.example.com/org/repo.git" in (
        (tmp_path / "pilot" / ".copier-answers.yml").read_text()
    )


# ---------------------------------------------------------------- the interview


def test_the_interview_refuses_a_typed_url_with_a_token(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    steps = [*EVERYTHING, CREATE]
    index = next(i for i, (name, _) in enumerate(steps) if name.startswith("repository the"))
    typed = f"https://kim:{TOKEN}@git.example.com/acme/billing"
    steps[index] = (steps[index][0], (typed, "https://git.example.com/acme/billing"))

    answers, person = interview_with(monkeypatch, questions, steps)

    assert answers is not None and answers["repository"] == "https://git.example.com/acme/billing"
    assert [problem for _, problem in person.refused] == [
        f"https://kim:****@git.example.com/acme/billing {FIX}"
    ]


def test_the_interview_refuses_a_custom_server_url_with_a_token(
    monkeypatch: pytest.MonkeyPatch, questions: Questionnaire
) -> None:
    servers = [
        ("Which coding agents", None),
        ("Which MCP servers", ["github", OTHER_CHOICE]),
        ("Custom MCP server name", "docs"),
        (
            "docs: the command that starts it, or its URL",
            (f"https://{GITHUB_TOKEN}@docs.example.com/mcp", "https://docs.example.com/mcp"),
        ),
        ("docs: variable that holds its bearer token", "DOCS_TOKEN"),
        ("docs: environment variables", ""),
        ("Custom MCP server name", ""),
    ]
    steps = [*PILOT, *SUITABLE, *REQUIREMENTS, *TASKS, *servers, *BUDGET, CREATE]

    answers, person = interview_with(monkeypatch, questions, steps)

    assert answers is not None
    assert answers["custom_mcp_servers"][0]["url"] == "https://docs.example.com/mcp"
    assert [problem for _, problem in person.refused] == [
        f"https://****@docs.example.com/mcp {FIX}"
    ]


def test_a_given_secret_is_refused_before_the_interview_asks_anything(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.person import Person
    from tests.test_interview import Terminal

    monkeypatch.setattr("sys.stdin", Terminal())
    Person([]).install(monkeypatch)

    run = cli("new", tmp_path / "p", "--data", f"repository=https://u:{TOKEN}@h.example/r")

    assert run.code == 2
    assert run.err == (
        f"pilotkit: error: --data repository: repository: https://u:****@h.example/r {FIX}\n"
    )
    assert files_holding(tmp_path, TOKEN) == []


# ---------------------------------------------------------------- update


def test_update_refuses_a_pilot_whose_answers_hold_a_secret(cli: Cli, tmp_path: Path) -> None:
    pilot = tmp_path / "pilot"
    assert cli("new", pilot, "--defaults").code == 0
    answers = pilot / ".copier-answers.yml"
    lines = answers.read_text().splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if text.startswith("repository:"))
    lines[line - 1] = f"repository: https://kim:{TOKEN}@git.example.com/acme/shop.git"
    answers.write_text("\n".join(lines) + "\n")
    commit(pilot, "A token, by hand")
    head = git(pilot, "rev-parse", "HEAD")
    before = {p: p.read_bytes() for p in pilot.rglob("*") if p.is_file() and ".git" not in p.parts}

    run = cli("update", pilot, "--commit")

    assert run.code == 1
    assert f"{pilot}: failed: .copier-answers.yml:{line}: repository: " in run.out
    assert (
        f"https://kim:****@git.example.com/acme/shop.git {FIX}; correct it there and commit"
    ) in run.out
    assert TOKEN not in run.out + run.err
    assert git(pilot, "rev-parse", "HEAD") == head
    assert git(pilot, "branch", "--list", "pilotkit/*") == ""
    after = {p: p.read_bytes() for p in pilot.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert after == before


# ---------------------------------------------------------------- the one definition

userinfo_text = st.text(
    alphabet=st.characters(categories=["L", "N"], include_characters="-._~!$&'()*+,;=%"),
    min_size=1,
    max_size=30,
)


@given(user=userinfo_text, password=userinfo_text, scheme=st.sampled_from(["https", "ssh"]))
def test_a_password_is_never_shown_nor_offered(user: str, password: str, scheme: str) -> None:
    secret = f"SECRET{password}"
    url = f"{scheme}://{user}:{secret}@git.example.com/org/repo.git"
    assert [secret not in shown for shown in masked_urls(f"clone {url} now")] == [True]
    assert secret not in without_credentials(url)
    assert without_credentials(url).endswith("git.example.com/org/repo.git")


@pytest.mark.parametrize(
    "url",
    [
        "https://git.example.com/org/repo.git",
        "ssh://git@git.example.com/org/repo.git",
        "git@github.com:org/repo.git",
        "https://user:@git.example.com/org/repo.git",
        "https://mcp.atlassian.com/v1/mcp",
        "/srv/git/repo",
    ],
)
def test_urls_without_a_secret_are_left_alone(url: str) -> None:
    assert masked_urls(url) == []
