"""`pilotkit workshop verify`: the score table, from what each participant committed."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pilotkit import git, parallel
from pilotkit.errors import PilotkitError
from pilotkit.workshop.catalog import exercises
from pilotkit.workshop.exercise import Exercise
from pilotkit.workshop.kit import KEY_FILE
from pilotkit.workshop.score import Participant, Table, score_exercise


@dataclass(frozen=True)
class Key:
    kit: str
    starts: dict[str, str]
    found: dict[str, frozenset[str]]
    exercises: tuple[Exercise, ...]


def read_key(kit_dir: Path) -> Key:
    """The answer key of the kit at KIT_DIR."""
    path = kit_dir / KEY_FILE
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
        entries = data["exercises"]
        made_from = data.get("template") or {}  # a template's own exercises, at its version
        by_id = {item.id: item for item in exercises(made_from.get("src"), made_from.get("ref"))}
        return Key(
            kit=str(data["kit"]),
            starts={name: str(entry["start"]) for name, entry in entries.items()},
            found={name: frozenset(entry["found"]) for name, entry in entries.items()},
            exercises=tuple(by_id[name] for name in entries),
        )
    except OSError:
        raise PilotkitError(f"{kit_dir} is not a workshop kit: it has no {KEY_FILE}") from None
    except (ValueError, KeyError, TypeError) as err:
        raise PilotkitError(f"{path}: not an answer key pilotkit wrote ({err})") from None


def verify(
    kit_dir: Path, repos: Sequence[Path] = (), bundles: Path | None = None, jobs: int = 1
) -> Table:
    """Score every participant of the kit at KIT_DIR (or the REPOS given, or the bundles
    in BUNDLES) from their committed state, JOBS participants at a time."""
    if jobs < 1:
        raise PilotkitError(f"--jobs {jobs}: give 1 or more participants at a time")
    key = read_key(kit_dir)
    if bundles is not None:
        return Table(key.kit, _from_bundles(key, bundles, jobs))
    chosen = list(repos) or sorted(p for p in (kit_dir / "participants").iterdir() if p.is_dir())
    for repo in chosen:
        _refuse_foreign(key, repo)
    work = [(key, repo, repo.name) for repo in chosen]
    return Table(key.kit, tuple(parallel.run_each(_score, work, jobs)))


def _score(item: tuple[Key, Path, str]) -> Participant:
    return score_repo(*item)


def score_repo(key: Key, repo: Path, name: str) -> Participant:
    """Every exercise of KEY scored in REPO."""
    return Participant(
        name,
        tuple(
            score_exercise(repo, item, key.starts[item.id], key.found[item.id])
            for item in key.exercises
        ),
    )


def _refuse_foreign(key: Key, repo: Path) -> None:
    if not git.is_work_tree(repo) and not (repo / "HEAD").is_file():
        raise PilotkitError(f"{repo} is not a git repository")
    if not any(_has(repo, key.starts[item.id]) for item in key.exercises):
        raise PilotkitError(
            f"{repo} is not a repository of kit {key.kit}: none of its exercise starts is there"
        )


def _has(repo: Path, sha: str) -> bool:
    proc = git.run(["cat-file", "-e", f"{sha}^{{commit}}"], repo, check=False)
    return proc.returncode == 0


def _from_bundles(key: Key, folder: Path, jobs: int) -> tuple[Participant, ...]:
    found = sorted(folder.glob("*.bundle"))
    if not found:
        raise PilotkitError(f"--bundles {folder}: holds no *.bundle file")
    work = []
    with tempfile.TemporaryDirectory(prefix="pilotkit-bundles-") as scratch:
        for bundle in found:
            proc = git.run(["bundle", "list-heads", str(bundle)], check=False)
            if proc.returncode != 0:
                raise PilotkitError(f"{bundle} is not a git bundle")
            repo = Path(scratch) / bundle.stem
            git.run(["clone", "--quiet", "--mirror", str(bundle), str(repo)])
            _refuse_foreign(key, repo)
            work.append((key, repo, bundle.stem))
        return tuple(parallel.run_each(_score, work, jobs))
