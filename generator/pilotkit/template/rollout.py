"""Update one pilot to a newer template version, or say why not: one step of a rollout.

The order matters, and each step leaves the pilot as it was if the next one fails:

1. read the pilot: its answers (`_src_path`, `_commit`), its git work tree, which must be
   clean (untracked files count): an update must never mix with a person's work;
2. find the template source (`pilotkit.template.source`) and the target version; stop here if the
   pilot is already there;
3. with `--commit`, switch to a new branch `pilotkit/update-<version>`;
4. if the source moved (the embedded bundle of another installation), point the answers
   file at the installed one in a temporary commit, because copier reads the source
   only from there and refuses a dirty tree;
5. copier's 3-way update, with the pilot-owned files excluded;
6. drop the temporary commit again (its change stays in the work tree), then classify
   what changed: unmerged index entries and `.rej` files are conflicts, and so is a file
   the new version dropped that the pilot had edited (copier deletes it; it is put back);
7. with `--commit` and no conflict, commit everything on the new branch.

A failure at any step after the first, Ctrl-C or SIGTERM (`pilotkit.interrupts`)
included, restores the commit, branch and files the pilot had. A dry run does all of
this in a throwaway clone and reports the diff.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
import traceback
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path

from pilotkit import git, interrupts, lock
from pilotkit._version import __version__
from pilotkit.agents import credentials
from pilotkit.ci import requirement
from pilotkit.errors import PilotkitError
from pilotkit.pilot import textfiles
from pilotkit.pilot.load import ANSWERS, find_root
from pilotkit.template import changelog, engine, source
from pilotkit.template.changes import Change, rejects, settle, uncommitted
from pilotkit.yaml import YamlError, read_located, set_value

# Pilot-owned paths (anchored at the pilot's root): written once by `new`, never touched by
# an update, whatever the template's own `_exclude` says. BOARD.md is rebuilt from the
# tasks by `pilotkit tasks board`, never from the template.
PILOT_OWNED = ("/PILOT.md", "/BOARD.md", "/specs", "/tasks", "/metrics")


class Status(StrEnum):
    UPDATED = "updated"
    CURRENT = "current"
    CONFLICTS = "conflicts"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Request:
    """Update the pilot at PATH (absolute) to version TO (default: the newest)."""

    path: Path
    to: str | None = None
    dry_run: bool = False
    commit: bool = False


@dataclass(frozen=True)
class Outcome:
    """What happened to one pilot. Versions are refs as recorded (`v0.2.0`)."""

    path: Path
    status: Status
    from_ref: str | None = None
    to_ref: str | None = None
    changes: tuple[Change, ...] = ()
    conflicts: tuple[str, ...] = ()
    reason: str | None = None
    source: str | None = None
    moved_from: str | None = None
    branch: str | None = None
    commit: str | None = None
    dry_run: bool = False
    diff: str | None = None
    bug: bool = False
    kept: tuple[str, ...] = ()  # removed by the template but edited here: kept, for a person
    changelog: tuple[changelog.Entry, ...] = ()  # the template's notes between the versions
    pull_request: str | None = None  # `--pull-request`: its address, opened or refreshed


@dataclass(frozen=True)
class _Plan:
    root: Path
    top: Path
    source: source.Source
    current: str
    target: str | None


def update_batch(requests: Sequence[Request]) -> tuple[Outcome, ...]:
    """Update pilots one after another (those that share one git repository)."""
    return tuple(update_pilot(request) for request in requests)


def update_pilot(request: Request) -> Outcome:
    """Update one pilot; every problem becomes the outcome, never an exception."""
    start_dir = Path.cwd()  # copier changes directories; leave the process where it was
    try:
        with _locked(request):
            plan = _plan(request)
            if isinstance(plan, Outcome):
                return plan
            return _rehearse(plan) if request.dry_run else _apply(plan, request.commit)
    except PilotkitError as err:
        return Outcome(request.path, Status.FAILED, reason=str(err))
    except Exception as err:  # a bug: keep the rest of the fleet going, keep the traceback
        return Outcome(request.path, Status.FAILED, reason=_crash_report(err), bug=True)
    finally:
        os.chdir(start_dir)


@contextmanager
def _locked(request: Request) -> Iterator[None]:
    """Hold the pilot's lock from the check for a clean work tree to the last step.

    A `pilotkit log` or `tasks claim` running meanwhile waits, rather than writing into
    an update that would commit its change, or reset it away if the update fails.
    """
    if request.dry_run or not request.path.is_dir():  # nothing to protect; _plan says why
        yield
        return
    with lock.exclusive(find_root(request.path)):
        yield


def _plan(request: Request) -> _Plan | Outcome:
    if not request.path.is_dir():
        raise PilotkitError(f"{request.path} is not a directory")
    root = find_root(request.path)
    recorded, current = _recorded(root)
    if not git.is_work_tree(root):
        raise PilotkitError("not a git repository; an update needs git to merge local edits")
    top = Path(git.run(["rev-parse", "--show-toplevel"], root).stdout.strip())
    src = source.locate(recorded, root)
    tags = source.tags(src.url)
    target = request.to if tags is None else _target(request.to, tags, src)
    if tags is not None and target is not None and _same_version(current, target):
        return Outcome(root, Status.CURRENT, from_ref=current, to_ref=target, source=src.url)
    if reason := uncommitted(top, root):  # after "current": work in progress there is fine
        return Outcome(root, Status.SKIPPED, from_ref=current, reason=reason)
    if tags is None:  # copier's host shortcuts: versions are known once copier ran
        return _Plan(root, top, src, current, target)
    if src.embedded and current not in tags:
        newest = source.label(source.newest(tags) or "none")
        raise PilotkitError(
            f"made from template {source.label(current)}, which the installed pilotkit does "
            f"not have (its newest is {newest}); upgrade pilotkit"
        )
    old, new = source.version(current), source.version(target or "")
    if old and new and new < old:
        raise PilotkitError(
            f"the pilot is at {source.label(current)}, newer than {source.label(target or '')}; "
            "downgrades are not supported"
        )
    return _Plan(root, top, src, current, target)


def _recorded(root: Path) -> tuple[str, str]:
    if not (root / ANSWERS).is_file():
        raise PilotkitError(f"{root} is not a pilot: it has no {ANSWERS}")
    try:
        located = read_located(textfiles.read_text(root / ANSWERS), ANSWERS)
    except (OSError, UnicodeDecodeError, YamlError) as err:
        raise PilotkitError(f"{ANSWERS} cannot be read: {err}") from None
    answers = located.data if isinstance(located.data, dict) else {}
    for key, value in answers.items():
        # copier would render the secret into the template's files again (and --commit
        # would commit it): say where it is instead.
        if not str(key).startswith("_") and (problem := credentials.in_answer(value)):
            where = f"{ANSWERS}:{located.line(str(key))}"
            raise PilotkitError(f"{where}: {key}: {problem}; correct it there and commit")
    recorded, current = answers.get("_src_path"), answers.get("_commit")
    if not recorded or not current:
        raise PilotkitError(
            f"{ANSWERS} records no template source and version (_src_path, _commit); "
            "only pilots made from a tagged git template can be updated"
        )
    return str(recorded), str(current)


def _target(to: str | None, tags: Mapping[str, str], src: source.Source) -> str | None:
    names = list(tags)
    if to is None:
        return source.newest(names)
    if source.version(to) is not None and to not in names:
        have = ", ".join(sorted(names, key=lambda t: source.version(t) or 0)[-5:]) or "none"
        raise PilotkitError(f"template {src.url} has no version {to} (newest tags: {have})")
    return to


def _same_version(current: str, target: str) -> bool:
    old, new = source.version(current), source.version(target)
    return current == target or (old is not None and old == new)


def _apply(plan: _Plan, commit: bool) -> Outcome:
    start = _head(plan.top)
    rejects_before = rejects(plan.top)
    branch = _branch_for(plan) if commit else None
    try:
        return _merge(plan, start, rejects_before, branch)
    except BaseException as err:  # an error, Ctrl-C or SIGTERM at any step: the pilot as it was
        with interrupts.held():  # a signal now waits until the pilot is restored
            _restore(plan.top, start, branch)
        signalled = interrupts.arrived()
        if signalled is not None and not isinstance(err, KeyboardInterrupt):
            # The signal broke a pipe or file copier was using, which surfaced as some
            # other error (EBADF): the signal is why the update stopped, so say that.
            raise signalled() from err
        raise


def _merge(
    plan: _Plan, start: tuple[str, str | None], rejects_before: set[str], branch: str | None
) -> Outcome:
    if branch:
        git.run(["checkout", "--quiet", "-b", branch], plan.top)
    if plan.source.moved:
        _point_answers_at(plan)
    answers = _renewed_answers(plan.root)
    engine.update(
        plan.root, plan.source.url, vcs_ref=plan.target, exclude=PILOT_OWNED, data=answers
    )
    interrupts.check()  # a signal copier's subprocess clean-up swallowed still stops here
    if plan.source.moved:
        _drop_pointer_commit(plan, start[0])
    if plan.source.relative:
        _keep_relative(plan)
    found = settle(plan.top, plan.root, ANSWERS, rejects_before)
    conflicts = found.conflicts
    to_ref = plan.target or _recorded(plan.root)[1]
    if not conflicts and not found.changes and _same_version(plan.current, to_ref):
        _restore(plan.top, start, branch)  # nothing to update: not even a branch is left
        return Outcome(plan.root, Status.CURRENT, from_ref=plan.current, to_ref=to_ref)
    outcome = Outcome(
        plan.root,
        Status.CONFLICTS if conflicts else Status.UPDATED,
        from_ref=plan.current,
        to_ref=to_ref,
        changes=found.changes,
        conflicts=conflicts,
        source=plan.source.url,
        moved_from=plan.source.recorded if plan.source.moved and not plan.source.relative else None,
        branch=branch,
        kept=found.kept,
        changelog=changelog.read(plan.source.url, plan.current, to_ref),
    )
    if branch and not conflicts:
        return _commit(plan, outcome)
    return outcome


def _keep_relative(plan: _Plan) -> None:
    """copier recorded the absolute path it read; the pilot keeps its relative one, which
    holds wherever the pilot is cloned (a workshop kit carries its template inside)."""
    # An answers file in conflict stays as copier left it: the absolute path works here.
    with contextlib.suppress(OSError, YamlError):
        set_value(plan.root / ANSWERS, "_src_path", plan.source.recorded)


def _renewed_answers(root: Path) -> dict[str, str]:
    """Answers the update gives anew: how CI installs pilotkit, when pilotkit wrote the
    recorded one, becomes the running pilotkit's (`pilotkit.ci.requirement.refreshed`),
    so the pilot's CI installs the pilotkit of the template version it moves to."""
    try:
        origin = requirement.running()
        located = read_located(textfiles.read_text(root / ANSWERS), ANSWERS)
    except (PilotkitError, OSError, UnicodeDecodeError, YamlError):
        return {}  # then the recorded answer stays; `check` and `doctor` say what is wrong
    recorded = located.data.get(requirement.ANSWER, "") if isinstance(located.data, dict) else ""
    renewed = requirement.refreshed(recorded, origin)
    return {requirement.ANSWER: renewed} if renewed and renewed != recorded else {}


def _rehearse(plan: _Plan) -> Outcome:
    """The same update on a throwaway clone; the pilot itself is never written."""
    sha = _head(plan.top)[0]
    with tempfile.TemporaryDirectory(prefix="pilotkit-dry-run-") as scratch:
        twin_top = Path(scratch) / plan.top.name
        git.run(["clone", "--quiet", "--no-checkout", str(plan.top), str(twin_top)])
        git.run(["checkout", "--quiet", "--detach", sha], twin_top)
        twin = replace(plan, top=twin_top, root=twin_top / plan.root.relative_to(plan.top))
        outcome = _apply(twin, commit=False)
        git.run(["add", "--all"], twin_top)
        diff = git.run(["diff", "--cached", "--no-color", "HEAD"], twin_top).stdout
    return replace(outcome, path=plan.root, dry_run=True, diff=diff)


def _head(top: Path) -> tuple[str, str | None]:
    sha = git.run(["rev-parse", "HEAD"], top).stdout.strip()
    branch = git.run(["symbolic-ref", "--quiet", "--short", "HEAD"], top, check=False)
    return sha, (branch.stdout.strip() or None) if branch.returncode == 0 else None


def _branch_for(plan: _Plan) -> str:
    """The name of the update's branch, which must not exist yet."""
    name = f"pilotkit/update-{source.label(plan.target or 'latest')}"
    exists = git.run(
        ["rev-parse", "--verify", "--quiet", f"refs/heads/{name}"], plan.top, check=False
    )
    if exists.returncode == 0:
        raise PilotkitError(f"branch {name} already exists; merge or delete it, then retry")
    return name


def _point_answers_at(plan: _Plan) -> None:
    set_value(plan.root / ANSWERS, "_src_path", plan.source.url)
    git.run(["add", "--", ANSWERS], plan.root)
    message = (
        f"pilotkit update: read the template from {plan.source.url}\n\n"
        f"Temporary: {plan.source.recorded} is gone or older. pilotkit removes this commit "
        "again; if you see it, the update was interrupted."
    )
    git.run(
        ["commit", "--quiet", "--no-verify", "--no-gpg-sign", "-m", message],
        plan.root,
        env=git.TOOL_IDENTITY,
    )


def _drop_pointer_commit(plan: _Plan, base: str) -> None:
    """Move the branch back over the temporary commit; its change stays in the work tree."""
    pointer = git.run(["rev-parse", "HEAD"], plan.top).stdout.strip()
    message = "pilotkit update: drop the temporary commit"
    git.run(["update-ref", "-m", message, "HEAD", base, pointer], plan.top)
    git.run(["reset", "--quiet", "--", ANSWERS], plan.root)


def _restore(top: Path, start: tuple[str, str | None], branch: str | None) -> None:
    """Put back the commit, branch and files the pilot had before a failed update."""
    _wait_for_index(top)
    sha, original = start
    git.run(["reset", "--quiet", "--hard", sha], top, check=False)
    git.run(["clean", "--quiet", "-d", "--force"], top, check=False)
    if branch:
        target = [original] if original else ["--detach", sha]
        git.run(["checkout", "--quiet", *target], top, check=False)
        git.run(["branch", "--quiet", "-D", branch], top, check=False)


def _wait_for_index(top: Path, timeout: float = 10.0) -> None:
    """Wait until no git command holds the index of the repository at TOP.

    Interrupted, copier leaves the git command it was running to finish on its own;
    until it has, the restore's own git commands would find the index locked.
    """
    found = git.run(["rev-parse", "--git-path", "index.lock"], top, check=False)
    lock = top / found.stdout.strip()
    deadline = time.monotonic() + timeout
    while found.returncode == 0 and lock.exists() and time.monotonic() < deadline:
        time.sleep(0.02)


def _commit(plan: _Plan, outcome: Outcome) -> Outcome:
    done = git.commit_all(plan.root, commit_message(outcome))
    if done.sha is None:
        return replace(outcome, reason=f"not committed: {done.problem}")
    return replace(outcome, commit=done.sha)


def commit_message(outcome: Outcome) -> str:
    """The message of the commit that holds OUTCOME: versions, source, the template's
    changelog, the conflicts left to resolve and the files changed."""
    old, new = source.label(outcome.from_ref or "?"), source.label(outcome.to_ref or "?")
    lines = [f"Update the pilot's template from {old} to {new}", ""]
    lines.append(f"Made by pilotkit update from {outcome.source}.")
    if outcome.conflicts:
        lines += ["", "Conflicts to resolve (between the <<<<<<< and >>>>>>> markers):"]
        lines += [f"- {path}" for path in outcome.conflicts]
    if outcome.changelog:
        lines += ["", "What changed in the template:", "", changelog.as_text(outcome.changelog)]
    if outcome.changes:
        lines += ["", "Changed:", *(f"- {c.kind} {c.path}" for c in outcome.changes)]
    return "\n".join(lines) + "\n"


def _crash_report(err: Exception) -> str:
    with tempfile.NamedTemporaryFile(
        "w", prefix="pilotkit-crash-", suffix=".log", delete=False
    ) as log:
        log.write(f"pilotkit {__version__}\n")
        traceback.print_exception(err, file=log)
    return f"internal error ({type(err).__name__}); this is a bug. The traceback is in {log.name}"
