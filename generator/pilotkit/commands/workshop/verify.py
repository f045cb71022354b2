"""`pilotkit workshop verify`: the score table, from what each participant committed.

Three ways in: a kit folder (every participant under `participants/`), participants'
repositories (the kit found above each, or named with `--kit`), or a folder of bundles
handed back (the kit found above it, or named with `--kit`). The exercises are read from
the kit, as it was made, never from the installed pilotkit's catalog.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from pilotkit import git, parallel
from pilotkit.errors import PilotkitError
from pilotkit.workshop.key import ANSWERS, Key, answers_at, find, read_key
from pilotkit.workshop.kit import KEY_FILE, start_tag, tip_of
from pilotkit.workshop.score import Participant, Table, score_exercise


def verify(
    paths: Sequence[Path] = (),
    bundles: Path | None = None,
    kit: Path | None = None,
    jobs: int = 1,
) -> Table:
    """Score the participants PATHS name (a kit folder, or repositories), or the bundles
    in BUNDLES, from their committed state, JOBS participants at a time. KIT names the
    kit when it is not found above the repositories or bundles."""
    if jobs < 1:
        raise PilotkitError(f"--jobs {jobs}: give 1 or more participants at a time")
    if not paths and bundles is None and kit is None:
        paths = [Path()]  # the kit, or the participant's repository, one is in
    kits = [path for path in paths if (path / KEY_FILE).is_file()]
    repos = [path for path in paths if path not in kits]
    if len(kits) + (kit is not None) > 1:
        raise PilotkitError("name one kit: a KIT_DIR or --kit DIR, not both or two")
    kit = kit if kit is not None else (kits[0] if kits else None)
    if bundles is not None:
        if repos:
            raise PilotkitError("give repositories or --bundles DIR, not both")
        if not bundles.is_dir():
            raise PilotkitError(f"--bundles {bundles}: not a folder")
        key = read_key(kit if kit is not None else _kit_above(bundles, "--bundles "))
        if bundles.resolve() == (key.path / "bundles").resolve():
            # What the kit handed out is nobody's work: scored, it would be a row of zeros.
            raise PilotkitError(
                f"--bundles {bundles}: the kit's hand-out; collect the bundles participants "
                "return in a folder of their own (e.g. handed-in/)"
            )
        return Table(key.kit, _from_bundles(key, bundles, jobs))
    if kit is not None and not repos:
        key = read_key(kit)
        folder = key.path / "participants"
        every = sorted(p for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
        return _score_all(key, every, jobs, explicit=False)
    key = read_key(kit if kit is not None else _one_kit(repos))
    return _score_all(key, repos, jobs, explicit=True)


def _score_all(key: Key, repos: Sequence[Path], jobs: int, *, explicit: bool) -> Table:
    for repo in repos:
        refuse_foreign(key, repo)
        if explicit:
            _refuse_untouched(key, repo)
    # the repository's own folder, also when REPO is a folder inside it
    roots = [git.top_level(repo) or repo.resolve() for repo in repos]
    work = [(key, root, root.name) for root in roots]
    return Table(key.kit, tuple(parallel.run_each(_score, work, jobs)))


def _kit_above(path: Path, flag: str) -> Path:
    found = find(path)
    if found is None:
        raise PilotkitError(
            f"{flag}{path}: no workshop kit ({KEY_FILE}) here or above; name it with --kit DIR"
        )
    return found


def _one_kit(repos: Sequence[Path]) -> Path:
    """The kit every one of REPOS is in (participants live in KIT/participants/NAME)."""
    found: dict[Path, Path] = {}
    for repo in repos:
        if not _is_repository(repo):
            raise PilotkitError(f"{repo} is neither a workshop kit nor a git repository")
        found[repo] = _kit_above(repo, "")
    if len(set(found.values())) > 1:
        first, other = sorted(set(found.values()))[:2]
        raise PilotkitError(
            f"the repositories are in two kits, {first} and {other}; verify one kit at a time"
        )
    return next(iter(found.values()))


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


def _is_repository(path: Path) -> bool:
    bare = (path / "HEAD").is_file() and (path / "objects").is_dir()  # a mirror of a bundle
    return bare or git.is_work_tree(path)


def refuse_foreign(key: Key, repo: Path) -> None:
    """Refuse REPO unless it holds a start commit of KEY's kit; say whether it is of
    another template version or of another kit."""
    if not _is_repository(repo):
        raise PilotkitError(f"{repo} is neither a workshop kit nor a git repository")
    if any(_has(repo, key.starts[item.id]) for item in key.exercises):
        return
    theirs = next(
        (found for item in key.exercises if (found := answers_at(repo, start_tag(item.id)))),
        None,
    )
    mine = key.template
    if theirs is not None and (theirs.get("_commit"), theirs.get("_src_path")) != (
        mine.commit,
        mine.src_path,
    ):
        raise PilotkitError(
            f"{repo} is of another template version: its start's {ANSWERS} says "
            f"{theirs.get('_src_path')} at {theirs.get('_commit')}, kit {key.kit}'s key says "
            f"{mine.src_path} at {mine.commit}; verify it with the kit it came from"
        )
    raise PilotkitError(
        f"{repo} is not a repository of kit {key.kit}: none of its exercise starts is there"
    )


def _refuse_untouched(key: Key, repo: Path) -> None:
    """A repository named on purpose with nothing committed is a mistake, not a zero."""
    if all(tip_of(repo, item.id) in (None, key.starts[item.id]) for item in key.exercises):
        raise PilotkitError(
            f"{repo} has no commit on any exercise since its start; commit your work first "
            "(verify reads committed work only)"
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
            try:
                refuse_foreign(key, repo)
            except PilotkitError as err:  # name the bundle, not the scratch clone
                raise PilotkitError(str(err).replace(str(repo), str(bundle))) from None
            work.append((key, repo, bundle.stem))
        return tuple(parallel.run_each(_score, work, jobs))
