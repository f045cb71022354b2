"""How long the interview takes a person: `python benchmarks/interview.py [--pace]`.

Drives `pilotkit new` in a pseudo-terminal through a realistic interview for a pilot with
three requirements and five tasks, and reports the prompts met, the keys typed, the
machine's own time, and the time at a person's pace. Without `--pace` the person's time
is computed from the count of keys (TYPING characters a second, KEY_SECONDS for Enter,
Tab, arrows and space, READ_SECONDS to read each prompt); with `--pace` the script really
types at that pace, and the wall-clock time is measured.

Two contents of the same pilot, each run from two places, make four profiles.
`first-draft` is the pilot as a person trying the tool types it first (one short
criterion per requirement, a glob or two per task); `detailed` says the same in fuller
words. `-from-repo` profiles run in a checkout of the repository, as the tutorial does,
so the repository is filled in and Tab completes the paths of its files (see TREE);
plain ones run outside any repository and type its URL. The reference profile is
`first-draft-from-repo`. Every run ends by checking that the pilot
holds what was typed and that `pilotkit check` passes on it unchanged.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pexpect
import yaml

ENTER, DOWN, SPACE, TAB = "\r", "\x1b[B", " ", "\t"
TYPING = 5.0  # characters a second: about 60 words a minute
KEY_SECONDS = 0.3  # Enter, an arrow, a space in a list
READ_SECONDS = 2.0  # to read a prompt and decide
SOURCE = Path(__file__).resolve().parent.parent / "generator"


@dataclass(frozen=True)
class Content:
    """What the person types: the same pilot (3 requirements, 5 tasks), in more or fewer
    words. A task is (title, the tasks it depends on, the requirements it covers, files)."""

    feature: str
    end_point: str
    requirements: list[tuple[str, ...]]  # a statement, then its acceptance criteria
    tasks: list[tuple[str, tuple[int, ...], tuple[int, ...], str]]
    hours: str = "3 6 4 8 3"


DETAILED = Content(
    feature="Customers search their invoices by customer name.",
    end_point="Searching 10,000 invoices answers in under 300 ms.",
    requirements=[
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
    ],
    tasks=[
        ("Trigram index on customer name", (), (3,), "db/migrations/*.sql"),
        ("Search query service", (1,), (1, 3), "src/search/*.py tests/search/*.py"),
        ("Search API endpoint", (2,), (1, 2), "src/api/search.py tests/api/test_search.py"),
        ("Search box and results table", (), (1, 2), "web/src/search/*.tsx"),
        ("Latency test and search docs", (3, 4), (3,), "tests/perf/test_search.py docs/search.md"),
    ],
)
# The same pilot as a first draft: one short criterion each, one or two globs per task,
# in the words a person trying the tool types first.
FIRST_DRAFT = Content(
    feature="Search invoices by customer name.",
    end_point="10k invoices searched in under 300 ms.",
    requirements=[
        ("Search invoices by customer name.", "3 letters list matching customers"),
        ("Results show number, date, amount, status.", "Same columns as the invoice list"),
        ("Search answers within 300 ms.", "p95 under 300 ms on staging"),
    ],
    tasks=[
        ("Trigram index", (), (3,), "db/migrations/*"),
        ("Search service", (1,), (1, 3), "src/search/**"),
        ("Search endpoint", (2,), (1, 2), "src/api/search.py"),
        ("Search UI", (), (1, 2), "web/src/search/**"),
        ("Latency test and docs", (3, 4), (3,), "tests/perf/** docs/search.md"),
    ],
)
ENGINEER = "Kim Ode"
REPOSITORY = "https://github.com/acme/billing"
# The checkout of the repository in the from-repo profiles: the feature's folders are new.
TREE = [
    "README.md",
    "db/migrations/0001_invoices.sql",
    "docs/index.md",
    "src/api/invoices.py",
    "src/billing/invoice.py",
    "tests/api/test_invoices.py",
    "web/src/invoices/InvoiceList.tsx",
]


def tabbed(text: str) -> str:
    """TEXT (paths separated by spaces) as typed with Tab completing each folder or file
    that exists in TREE: the shortest prefix that only it starts with, then Tab."""

    def entries(folder: str) -> set[str]:
        inside = [path[len(folder) :] for path in TREE if path.startswith(folder)]
        return {rest.split("/")[0] + ("/" if "/" in rest else "") for rest in inside}

    words = []
    for word in text.split(" "):
        typed, folder, rest = "", "", word
        while rest:
            segment, slash, after = rest.partition("/")
            name = segment + slash
            choices = entries(folder)
            if name not in choices:
                typed += rest  # not there yet: typed in full
                break
            prefix = next(
                (
                    segment[:n]
                    for n in range(1, len(segment) + 1)
                    if [c for c in choices if c.startswith(segment[:n])] == [name]
                ),
                None,
            )
            typed += prefix + TAB if prefix else name
            folder, rest = folder + name, after
        words.append(typed)
    return " ".join(words)


def links(number: int, after: tuple[int, ...], covers: tuple[int, ...], requirements: int) -> str:
    """The keys that tick a task's links: the earlier tasks, then the requirements, in
    one list whose pointer starts on the first entry (headings are skipped)."""
    wanted = {("T", n) for n in after} | {("R", n) for n in covers}
    entries = [("T", n) for n in range(1, number)] + [("R", n) for n in range(1, requirements + 1)]
    keys, at = "", 0
    for index, entry in enumerate(entries):
        if entry in wanted:
            keys += DOWN * (index - at) + SPACE
            at = index
    return keys


def steps(content: Content, from_repo: bool) -> list[tuple[str, str]]:
    """The prompts met and the keys pressed. The pilot name comes from the destination and
    the engineer from git's user.name, so neither is asked. FROM_REPO: the person runs
    pilotkit in a checkout of the repository, which is suggested too, and Tab completes
    the paths of its files."""
    found = [("The feature, in one sentence", content.feature + ENTER)]
    if not from_repo:
        found += [("The repository the agents", REPOSITORY + ENTER)]
    found += [
        ("working days", "5" + ENTER),
        ("well-defined tasks", "5" + ENTER),
        ("at the same time", "3" + ENTER),
        ("What measurable end point", content.end_point + ENTER),
        ("Could the engineer build", ENTER),
    ]
    for number, (statement, *criteria) in enumerate(content.requirements, start=1):
        found += [
            (f"R{number} statement", statement + ENTER),
            (f"R{number} acceptance criteria", "; ".join(criteria) + ENTER),
        ]
    # An empty statement ends the list. The design notes are optional: not asked.
    found += [(f"R{len(content.requirements) + 1} statement", ENTER)]
    for number, (title, after, covers, files) in enumerate(content.tasks, start=1):
        tid = f"T{number:02d}"
        keys = links(number, after, covers, len(content.requirements))
        found += [
            (f"{tid} title", title + ENTER),
            (f"{tid} {'depends on, and covers' if number > 1 else 'covers'}", keys + ENTER),
            (f"{tid} files or globs", (tabbed(files) if from_repo else files) + ENTER),
        ]
    found += [  # the list ends with the 5 planned tasks
        ("Hand estimates in hours", content.hours + ENTER),
        ("Which coding agents", ENTER),
        ("Which MCP servers", ENTER),
        ("Token budget", "300" + ENTER),
        ("Create the pilot in", ENTER),
    ]
    return found


PROFILES = {
    f"{name}{suffix}": (content, from_repo)
    for name, content in (("first-draft", FIRST_DRAFT), ("detailed", DETAILED))
    for suffix, from_repo in (("-from-repo", True), ("", False))
}
CHOICES = (
    "depends on, and covers",
    "covers requirements",
    "Which coding agents",
    "Which MCP servers",
    "Create the pilot in",
)


def is_typing(prompt: str, key: str) -> bool:
    """Whether KEY is a character typed into text (a space in a list toggles instead)."""
    if key in {ENTER, DOWN, TAB}:
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
    (home / ".gitconfig").write_text(f"[user]\n\tname = {ENGINEER}\n\temail = kim@example.com\n")
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
    from_repo = PROFILES[profile][1]
    cwd = scratch / ("billing" if from_repo else "work")
    cwd.mkdir()
    if from_repo:
        for path in TREE:
            (cwd / path).parent.mkdir(parents=True, exist_ok=True)
            (cwd / path).write_text("")
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
    for prompt, answer in steps(*PROFILES[profile]):
        child.expect_exact(prompt)
        if paced:
            time.sleep(READ_SECONDS)
        for key in keys(answer):
            if paced:
                time.sleep(1 / TYPING if is_typing(prompt, key) else KEY_SECONDS)
            child.send(key)
            if key == TAB and not paced:
                time.sleep(KEY_SECONDS)  # the completion lands before the next key, as for a person
    child.expect(pexpect.EOF)
    child.close()
    if child.exitstatus != 0:
        raise SystemExit(f"the interview failed: {child.before}")
    elapsed = time.perf_counter() - start
    verify(cwd.parent / "invoice-search", PROFILES[profile][0])
    return elapsed


def verify(pilot: Path, content: Content) -> None:
    """The pilot holds the content typed, and the suggested answers Enter took."""
    answers = yaml.safe_load((pilot / ".copier-answers.yml").read_text())
    made = (
        answers["engineer"],
        answers["repository"],
        [len(r["acceptance"]) for r in answers["requirements"]],
        [(t["title"], t["depends_on"], t["requirements"], t["files"]) for t in answers["tasks"]],
        " ".join(str(t["estimate_hours"]) for t in answers["tasks"]),
    )
    wanted = (
        ENGINEER,
        REPOSITORY,
        [len(criteria) for _, *criteria in content.requirements],
        [
            (title, [f"T{n:02d}" for n in after], [f"R{n}" for n in covers], files.split())
            for title, after, covers, files in content.tasks
        ],
        content.hours,
    )
    if made != wanted:
        raise SystemExit(f"the pilot is not what was typed: {made} != {wanted}")
    # Ready to start: no hand edit needed for `check` to pass.
    check = subprocess.run(
        [sys.executable, "-m", "pilotkit", "check", str(pilot)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SOURCE)},
    )
    if check.returncode != 0:
        raise SystemExit(f"pilotkit check fails on the pilot:\n{check.stdout}{check.stderr}")


def report(profile: str, machine: float, paced: float | None) -> None:
    met = steps(*PROFILES[profile])
    pressed = [(prompt, key) for prompt, answer in met for key in keys(answer)]
    typed = sum(1 for prompt, key in pressed if is_typing(prompt, key))
    special = len(pressed) - typed
    model = len(met) * READ_SECONDS + typed / TYPING + special * KEY_SECONDS
    print(f"profile {profile}: {DESCRIPTIONS[profile]}")
    print(f"  prompts met                              {len(met):6d}")
    print(f"  characters typed                         {typed:6d}  ({typed / TYPING:.1f} s)")
    print(f"  other keys (Enter, Tab, arrows, space)   {special:6d}")
    print(f"  machine time, no pauses (incl. render)   {machine:6.1f} s")
    print(
        f"  at a person's pace, computed             {model:6.1f} s  "
        f"({READ_SECONDS:g} s to read each prompt, {TYPING:g} characters/s, "
        f"{KEY_SECONDS:g} s per other key)"
    )
    if paced is not None:
        print(f"  at a person's pace, measured             {paced:6.1f} s")


DESCRIPTIONS = {
    "first-draft-from-repo": "the pilot as a first draft, typed in a checkout of the "
    "repository, as the tutorial runs it (the reference profile)",
    "first-draft": "the first draft, typed outside any repository (the repository's URL "
    "typed, no Tab completion)",
    "detailed-from-repo": "the same pilot in fuller words (two criteria each, tests' "
    "globs), typed in the checkout",
    "detailed": "the detailed pilot, typed outside any repository",
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
