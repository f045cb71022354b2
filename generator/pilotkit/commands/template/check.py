"""`pilotkit template check [SRC]`: render a template over a matrix of answers, check each pilot.

This is how a lead tests a template change before tagging it: every combination of
`pilotkit.template.matrix` is rendered (as `pilotkit new` would: copier, then git) into a scratch
directory and checked; the report names each combination that fails and why. A local
git repository is rendered at HEAD with its uncommitted changes, so a change can be
tested before it is committed.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pilotkit import git, parallel
from pilotkit._version import __version__
from pilotkit.agents.catalog import CATALOG_IN_TEMPLATE, Catalog
from pilotkit.agents.catalog import load as load_catalog
from pilotkit.ci import requirement
from pilotkit.commands.workshop.selftest import Proof, selftest
from pilotkit.errors import ExitCode, PilotkitError
from pilotkit.findings import Finding, Severity
from pilotkit.template import engine, matrix, source

Checker = Callable[[Path], Sequence[Finding]]
# How the renders' CI installs pilotkit: a requirement CI can install, whatever the
# install of the pilotkit that checks. That is a fact about this machine, not about the
# template (PK-C001 would flag every combination made by a local clone). A template
# without the question ignores it.
INSTALLABLE = {requirement.ANSWER: f"pilotkit=={__version__}"}


def check_pilot(pilot: Path) -> tuple[Finding, ...]:
    """`pilotkit check`'s findings on a rendered pilot: the same bar as a person's pilot."""
    from pilotkit.commands.check import check

    return check(pilot).findings


@dataclass(frozen=True)
class CombinationResult:
    """One rendered combination: a render failure, or the findings on the pilot."""

    name: str
    problem: str | None = None
    findings: tuple[Finding, ...] = ()

    @property
    def passed(self) -> bool:
        errors = [f for f in self.findings if f.severity is Severity.ERROR]
        return self.problem is None and not errors


@dataclass(frozen=True)
class TemplateCheckReport:
    src: str
    ref: str | None
    results: tuple[CombinationResult, ...]
    note: str | None = None
    exercises: tuple[Proof, ...] = ()  # the workshop selftest, when it ran

    @property
    def exit_code(self) -> ExitCode:
        passed = all(r.passed for r in self.results) and all(p.ok for p in self.exercises)
        return ExitCode.OK if passed else ExitCode.PROBLEMS


@dataclass(frozen=True)
class _Job:
    src: str
    ref: str | None
    combination: matrix.Combination
    checker: Checker


def template_check(
    src: str | Path = ".",
    *,
    vcs_ref: str | None = None,
    jobs: int = 1,
    only: Sequence[str] = (),
    checker: Checker = check_pilot,
    on_done: Callable[[CombinationResult], None] | None = None,
    workshop: bool = False,
) -> TemplateCheckReport:
    """Render template SRC at VCS_REF over the matrix and check every pilot with CHECKER.

    A local directory is rendered as it is on disk (HEAD plus uncommitted changes) unless
    VCS_REF names a version; a bundle or URL at its newest tag. CHECKER must be a
    module-level function when JOBS > 1 (it runs in worker processes). ONLY keeps the
    combinations whose name contains one of its texts. WORKSHOP also runs the workshop
    selftest, so a template change that breaks an exercise fails the check.
    """
    if jobs < 1:
        raise PilotkitError(f"--jobs {jobs}: give 1 or more renders at a time")
    url, ref = _resolve(str(src), vcs_ref)
    catalog = _catalog(url, ref)
    note = None if catalog else f"no {CATALOG_IN_TEMPLATE}: agents and servers are not varied"
    combos = matrix.combinations(catalog)
    if only:
        combos = [c for c in combos if any(text.lower() in c.name.lower() for text in only)]
        if not combos:
            names = "; ".join(c.name for c in matrix.combinations(catalog))
            raise PilotkitError(f"--only {' '.join(only)}: no combination matches ({names})")
    work = [_Job(url, ref, combo, checker) for combo in combos]
    results = parallel.run_each(_render_and_check, work, jobs, on_done)
    proofs = selftest(url, ref) if workshop else ()
    return TemplateCheckReport(url, ref, tuple(results), note, proofs)


def _resolve(src: str, vcs_ref: str | None) -> tuple[str, str | None]:
    if source.is_url(src):
        return src, vcs_ref
    path = Path(src).expanduser().resolve()
    if not path.exists():
        raise PilotkitError(f"template {src} does not exist; give a directory, git URL or bundle")
    if path.is_dir() and not (path / "copier.yml").is_file():
        raise PilotkitError(f"{path} is not a template: it has no copier.yml")
    if vcs_ref is None and path.is_dir() and git.is_work_tree(path):
        vcs_ref = "HEAD"  # copier then renders uncommitted changes too
    return str(path), vcs_ref


def _catalog(url: str, ref: str | None) -> Catalog | None:
    """The template's own catalog of agents and servers, at the version that is rendered."""
    with tempfile.TemporaryDirectory(prefix="pilotkit-template-") as scratch:
        copy = Path(scratch) / "catalog.yml"  # a fresh path: `catalog.load` caches by path
        local = Path(url)
        if not source.is_url(url) and local.is_dir() and ref in (None, "HEAD"):
            if not (local / CATALOG_IN_TEMPLATE).is_file():
                return None
            copy.write_bytes((local / CATALOG_IN_TEMPLATE).read_bytes())
            return load_catalog(copy)
        clone = Path(scratch) / "template"
        git.run(["clone", "--quiet", "--no-checkout", url, str(clone)])
        version = ref or source.newest(source.tags(url) or {}) or "HEAD"
        shown = git.run(["show", f"{version}:{CATALOG_IN_TEMPLATE.as_posix()}"], clone, check=False)
        if shown.returncode != 0:
            return None
        copy.write_text(shown.stdout, encoding="utf-8")
        return load_catalog(copy)


def _render_and_check(job: _Job) -> CombinationResult:
    name = job.combination.name
    start = Path.cwd()  # copier changes directories
    with tempfile.TemporaryDirectory(prefix="pilotkit-matrix-") as scratch:
        pilot = Path(scratch) / "pilot"
        try:
            answers = {**INSTALLABLE, **job.combination.answers}
            engine.render(job.src, pilot, answers, vcs_ref=job.ref)
            git.init(pilot)
            git.commit_all(pilot, f"Start pilot for template check: {name}")
            return CombinationResult(name, findings=tuple(job.checker(pilot)))
        except PilotkitError as err:
            return CombinationResult(name, problem=str(err))
        finally:
            os.chdir(start)
