"""How long the interview takes a person: `python benchmarks/interview.py [--pace]`.

Drives `pilotkit new` in a pseudo-terminal through a realistic interview for a pilot with
three requirements and five tasks, and reports the prompts met, the keys typed, the
machine's own time, and the time at a person's pace. Without `--pace` the person's time
is computed from the count of keys (TYPING characters a second, KEY_SECONDS for Enter,
arrows and space, READ_SECONDS to read each prompt); with `--pace` the script really
types at that pace, and the wall-clock time is measured.

The content is the same in both profiles. `typed`, the reference, types every answer
from a directory outside any repository; `from-repo` is the engineer running pilotkit in
a checkout of the repository the agents will work in, who takes the engineer (git's
user.name) and the repository (the checkout's origin) that the interview suggests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pexpect
import yaml

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
TYPING = 5.0  # characters a second: about 60 words a minute
KEY_SECONDS = 0.3  # Enter, an arrow, a space in a list
READ_SECONDS = 2.0  # to read a prompt and decide
SOURCE = Path(__file__).resolve().parent.parent / "generator"

R = [
    (
        "Users can search invoices by customer name.",
        "Three letters list matching customers.",
        "Choosing a customer lists their invoices.",
    ),
    (
        "Results show number, date, amount and status.",
        "The columns match the invoice list.",
        "Amounts use the account's currency.",
    ),
    (
        "Search answers within 300 ms.",
        "The p95 latency on staging is under 300 ms.",
        "Slower queries are logged with their plan.",
    ),
]
FEATURE = "Customers search their invoices by customer name."
ENGINEER = "Kim Ode"
REPOSITORY = "https://github.com/acme/billing"
TASKS = [
    ("Trigram index on customer name", "", DOWN + DOWN + SPACE, "db/migrations/*.sql", "3"),
    (
        "Search query service",
        SPACE,
        SPACE + DOWN + DOWN + SPACE,
        "src/search/*.py tests/search/*.py",
        "6",
    ),
    (
        "Search API endpoint",
        DOWN + SPACE,
        SPACE + DOWN + SPACE,
        "src/api/search.py tests/api/test_search.py",
        "4",
    ),
    ("Search box and results table", "", SPACE + DOWN + SPACE, "web/src/search/*.tsx", "8"),
    (
        "Latency test and search docs",
        DOWN + DOWN + SPACE + DOWN + SPACE,
        DOWN + DOWN + SPACE,
        "tests/perf/test_search.py docs/search.md",
        "3",
    ),
]


def steps(from_repo: bool) -> list[tuple[str, str]]:
    """The prompts met and the keys pressed. FROM_REPO: the person is the engineer, runs
    pilotkit in a checkout of the repository, and takes those two suggested defaults."""
    found = [
        ("Pilot name", ENTER),  # the default comes from the destination's name
        ("The feature, in one sentence", FEATURE + ENTER),
        ("The engineer who supervises", ENTER if from_repo else ENGINEER + ENTER),
        ("The repository the agents", ENTER if from_repo else REPOSITORY + ENTER),
        ("working days", "5" + ENTER),
        ("well-defined tasks", "5" + ENTER),
        ("at the same time", "3" + ENTER),
        ("What measurable end point", "Searching 10,000 invoices answers in under 300 ms." + ENTER),
        ("Could the engineer build", ENTER),
    ]
    for number, (statement, *criteria) in enumerate(R, start=1):
        found += [
            (f"R{number} statement", statement + ENTER),
            (f"R{number} acceptance criteria", "; ".join(criteria) + ENTER),
        ]
    found += [
        (f"R{len(R) + 1} statement", ENTER),  # an empty statement ends the list
        ("Design notes", "Use the existing Postgres trigram index." + ENTER),
    ]
    for number, (title, after, covers, files, hours) in enumerate(TASKS, start=1):
        tid = f"T{number:02d}"
        found += [(f"{tid} title", title + ENTER)]
        if number > 1:
            found += [(f"{tid} depends on", after + ENTER)]
        found += [
            (f"{tid} covers requirements", covers + ENTER),
            (f"{tid} files or globs", files + ENTER),
            (f"{tid} hand estimate in hours", hours + ENTER),
        ]
    found += [
        (f"T{len(TASKS) + 1:02d} title", ENTER),  # an empty title ends the list
        ("Which coding agents", ENTER),
        ("Which MCP servers", ENTER),
        ("Token budget", "300" + ENTER),
        ("Create the pilot in", ENTER),
    ]
    return found


PROFILES = {
    "typed": steps(from_repo=False),  # the original profile: everything typed
    "from-repo": steps(from_repo=True),
}
CHOICES = (
    "depends on",
    "covers requirements",
    "Which coding agents",
    "Which MCP servers",
    "Create the pilot in",
)


def is_typing(prompt: str, key: str) -> bool:
    """Whether KEY is a character typed into text (a space in a list toggles instead)."""
    if key in {ENTER, DOWN}:
        return False
    return not any(choice in prompt for choice in CHOICES)


def keys(text: str) -> list[str]:
    """TEXT as the keys a person presses (an arrow is one key)."""
    found, rest = [], text
    while rest:
        key = DOWN if rest.startswith(DOWN) else rest[0]
        found.append(key)
        rest = rest[len(key) :]
    return found


def place(scratch: Path, profile: str) -> tuple[Path, dict[str, str]]:
    """Where the person runs pilotkit, and the environment: a git identity of their own;
    for `from-repo` a checkout of the repository the agents will work in."""
    home = scratch / "home"
    home.mkdir(parents=True)
    name = ENGINEER if profile == "from-repo" else "Pilot Bench"
    (home / ".gitconfig").write_text(f"[user]\n\tname = {name}\n\temail = bench@example.com\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_CONFIG_NOSYSTEM="1",
        TERM="xterm",
        PROMPT_TOOLKIT_NO_CPR="1",
        NO_COLOR="1",
        # This checkout's pilotkit, whichever one is installed.
        PYTHONPATH=os.pathsep.join(filter(None, [str(SOURCE), env.get("PYTHONPATH")])),
    )
    cwd = scratch / ("billing" if profile == "from-repo" else "work")
    cwd.mkdir()
    if profile == "from-repo":
        for args in (["init", "--quiet"], ["remote", "add", "origin", REPOSITORY]):
            subprocess.run(["git", *args], cwd=cwd, env=env, check=True)
    return cwd, env


def drive(scratch: Path, profile: str, paced: bool) -> float:
    cwd, env = place(scratch, profile)
    start = time.perf_counter()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "pilotkit", "new", "../invoice-search"],
        cwd=str(cwd),
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(50, 220),
    )
    child.delaybeforesend = None  # pexpect waits 50 ms before each send by default
    for prompt, answer in PROFILES[profile]:
        child.expect_exact(prompt)
        if paced:
            time.sleep(READ_SECONDS)
        for key in keys(answer):
            if paced:
                time.sleep(1 / TYPING if is_typing(prompt, key) else KEY_SECONDS)
            child.send(key)
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"the interview failed: {child.before}")
    elapsed = time.perf_counter() - start
    verify(cwd.parent / "invoice-search")
    return elapsed


def verify(pilot: Path) -> None:
    """The pilot holds the content typed, and the suggested defaults where Enter took them."""
    answers = yaml.safe_load((pilot / ".copier-answers.yml").read_text())
    made = (
        answers["engineer"],
        answers["repository"],
        [len(r["acceptance"]) for r in answers["requirements"]],
        [t["title"] for t in answers["tasks"]],
        [t["estimate_hours"] for t in answers["tasks"]],
    )
    wanted = (
        ENGINEER,
        REPOSITORY,
        [len(criteria) for _, *criteria in R],
        [t[0] for t in TASKS],
        [int(t[4]) for t in TASKS],
    )
    if made != wanted:
        raise SystemExit(f"the pilot is not what was typed: {made} != {wanted}")


def report(profile: str, machine: float, paced: float | None) -> None:
    steps = PROFILES[profile]
    pressed = [(prompt, key) for prompt, answer in steps for key in keys(answer)]
    typed = sum(1 for prompt, key in pressed if is_typing(prompt, key))
    special = len(pressed) - typed
    model = len(steps) * READ_SECONDS + typed / TYPING + special * KEY_SECONDS
    print(f"profile {profile}: {DESCRIPTIONS[profile]}")
    print(f"  prompts met                              {len(steps):6d}")
    print(f"  characters typed                         {typed:6d}  ({typed / TYPING:.1f} s)")
    print(f"  other keys (Enter, arrows, space)        {special:6d}")
    print(f"  machine time, no pauses (incl. render)   {machine:6.1f} s")
    print(
        f"  at a person's pace, computed             {model:6.1f} s  "
        f"({READ_SECONDS:g} s to read each prompt, {TYPING:g} characters/s, "
        f"{KEY_SECONDS:g} s per other key)"
    )
    if paced is not None:
        print(f"  at a person's pace, measured             {paced:6.1f} s")


DESCRIPTIONS = {
    "typed": "every answer typed, run outside any repository (the reference profile)",
    "from-repo": "run by the engineer in a checkout of the repository; Enter takes the "
    "engineer and repository suggested from git",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pace", action="store_true", help="type at a person's pace, for real")
    parser.add_argument(
        "--profile", choices=sorted(PROFILES), action="append", help="only this profile"
    )
    args = parser.parse_args()
    print("pilotkit new: the interview for 3 requirements and 5 tasks")
    for profile in args.profile or list(PROFILES):
        with tempfile.TemporaryDirectory() as scratch:
            machine = drive(Path(scratch) / "machine", profile, paced=False)
        paced = None
        if args.pace:
            with tempfile.TemporaryDirectory() as scratch:
                paced = drive(Path(scratch) / "paced", profile, paced=True)
        report(profile, machine, paced)


if __name__ == "__main__":
    main()
