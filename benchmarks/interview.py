"""How long the interview takes a person: `python benchmarks/interview.py [--pace]`.

Drives `pilotkit new` in a pseudo-terminal through a realistic interview for a pilot with
three requirements and five tasks, and reports the prompts met, the keys typed, the
machine's own time, and the time at a person's pace. Without `--pace` the person's time
is computed from the count of keys (TYPING characters a second, KEY_SECONDS for Enter,
arrows and space, READ_SECONDS to read each prompt); with `--pace` the script really
types at that pace, and the wall-clock time is measured.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pexpect

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
TYPING = 5.0  # characters a second: about 60 words a minute
KEY_SECONDS = 0.3  # Enter, an arrow, a space in a list
READ_SECONDS = 2.0  # to read a prompt and decide

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
STEPS: list[tuple[str, str]] = [
    ("Pilot name", ENTER),  # the default comes from the destination's name
    ("The feature, in one sentence", "Customers search their invoices by customer name." + ENTER),
    ("The engineer who supervises", "Kim Ode" + ENTER),
    ("The repository the agents", "https://github.com/acme/billing" + ENTER),
    ("working days", "5" + ENTER),
    ("well-defined tasks", "5" + ENTER),
    ("at the same time", "3" + ENTER),
    ("What measurable end point", "Searching 10,000 invoices answers in under 300 ms." + ENTER),
    ("Could the engineer build", ENTER),
    ("What result would count as success", ENTER),
    ("When do you stop the pilot", ENTER),
]
for number, (statement, first, second) in enumerate(R, start=1):
    STEPS += [
        (f"R{number} statement", statement + ENTER),
        (f"R{number} acceptance criterion 1", first + ENTER),
        (f"R{number} acceptance criterion 2", second + ENTER),
        (f"R{number} acceptance criterion 3", ENTER),
        ("Add another requirement?", "y" if number < len(R) else "n"),
    ]
STEPS += [("Design notes", "Use the existing Postgres trigram index." + ENTER)]
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
for number, (title, after, covers, files, hours) in enumerate(TASKS, start=1):
    tid = f"T{number:02d}"
    STEPS += [(f"{tid} title", title + ENTER)]
    if number > 1:
        STEPS += [(f"{tid} depends on", after + ENTER)]
    STEPS += [
        (f"{tid} covers requirements", covers + ENTER),
        (f"{tid} files or globs", files + ENTER),
        (f"{tid} hand estimate in hours", hours + ENTER),
        ("Add another task?", ENTER),  # the default follows the five tasks planned
    ]
STEPS += [
    ("Which coding agents", ENTER),
    ("Which MCP servers", ENTER),
    ("Add a custom MCP server", ENTER),
    ("Token budget", "300" + ENTER),
    ("Date of the hand estimate", ENTER),
    ("Create the pilot in", ENTER),
]
CHOICES = ("depends on", "covers requirements", "Which coding agents", "Which MCP servers")


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


def drive(dest: Path, paced: bool) -> float:
    env = {**os.environ, "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "NO_COLOR": "1"}
    start = time.perf_counter()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "pilotkit", "new", str(dest)],
        env=env,
        encoding="utf-8",
        timeout=120,
        dimensions=(50, 220),
    )
    child.delaybeforesend = None  # pexpect waits 50 ms before each send by default
    for prompt, answer in STEPS:
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
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pace", action="store_true", help="type at a person's pace, for real")
    args = parser.parse_args()
    pressed = [(prompt, key) for prompt, answer in STEPS for key in keys(answer)]
    typed = sum(1 for prompt, key in pressed if is_typing(prompt, key))
    special = len(pressed) - typed
    with tempfile.TemporaryDirectory() as scratch:
        machine = drive(Path(scratch) / "invoice-search", paced=False)
        paced = drive(Path(scratch) / "invoice-search-paced", paced=True) if args.pace else None
    model = len(STEPS) * READ_SECONDS + typed / TYPING + special * KEY_SECONDS
    print("pilotkit new: the interview for 3 requirements and 5 tasks")
    print(f"  prompts met                              {len(STEPS):6d}")
    print(f"  characters typed                         {typed:6d}")
    print(f"  other keys (Enter, arrows, space)        {special:6d}")
    print(f"  machine time, no pauses (incl. render)   {machine:6.1f} s")
    print(
        f"  at a person's pace, computed             {model:6.1f} s  "
        f"({READ_SECONDS:g} s to read each prompt, {TYPING:g} characters/s, "
        f"{KEY_SECONDS:g} s per other key)"
    )
    if paced is not None:
        print(f"  at a person's pace, measured             {paced:6.1f} s")


if __name__ == "__main__":
    main()
