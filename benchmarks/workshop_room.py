"""A workshop kit whose participants all committed their solutions, for the `workshop`
benchmark: verifying then checks every exercise of every participant (none is skipped as
untouched)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from pilotkit import git
from pilotkit.commands.workshop.new import new_kit
from pilotkit.workshop import edits
from pilotkit.workshop.catalog import exercises


def make_room(kit: Path, participants: int) -> float:
    """Generate KIT for PARTICIPANTS people, solve every exercise in each repository, and
    return the seconds `workshop new` took."""
    start = time.perf_counter()
    new_kit(kit, participants=participants)
    made = time.perf_counter() - start
    for repo in sorted((kit / "participants").iterdir()):
        for item in exercises():
            git.run(["checkout", "--quiet", f"exercise/{item.id}"], repo)
            edits.apply(repo, item.solution, what=item.id)
            git.commit_all(repo, f"Solve {item.id}")
    return made


if __name__ == "__main__":
    seconds = make_room(Path(sys.argv[1]), int(sys.argv[2]))
    print(f"workshop new: {seconds:.1f} s")
    verify = [sys.executable, "-m", "pilotkit", "workshop", "verify", sys.argv[1]]
    subprocess.run(verify, check=True)
