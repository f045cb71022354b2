"""`pilotkit new`: answers → render (copier) → git repository with a first commit.

The pilot is rendered and committed in a scratch directory beside DEST and moved into
place only when everything worked, so a failure or Ctrl-C never leaves half a pilot.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pilotkit import clock, git
from pilotkit.ci import requirement
from pilotkit.errors import AnswerError, PilotkitError
from pilotkit.template import engine
from pilotkit.template.answers import Answers
from pilotkit.template.answers import load as load_answers
from pilotkit.template.destination import check_destination, staging
from pilotkit.template.embedded import embedded_template
from pilotkit.template.source import is_url


@dataclass(frozen=True)
class NewResult:
    """A new pilot: where it is, what it was made from, and whether it was committed."""

    dest: Path
    pilot_name: str
    src_path: str
    version: str | None
    commit: str | None
    git_problem: str | None = None
    ci_problem: str | None = None  # why the pilot's CI cannot install pilotkit, with the fix


@dataclass(frozen=True)
class Prepared:
    """A `new` ready to render: where, the answers given, the template and its version."""

    dest: Path
    given: Answers
    src: str
    ref: str | None

    def answered(self, answers: Mapping[str, Any], ref: str | None) -> Prepared:
        """This `new` with the interview's ANSWERS (the given ones win), rendered from the
        template version REF whose questions were asked."""
        return replace(self, given=self.given.over(answers), ref=ref)


def new(
    dest: Path,
    *,
    answers: Mapping[str, Any] | None = None,
    answers_file: Path | None = None,
    data: Iterable[str] = (),
    template_src: str | None = None,
    vcs_ref: str | None = None,
    use_git: bool = True,
    prepare: Callable[[Path, Mapping[str, Any]], None] | None = None,
) -> NewResult:
    """Create a pilot repository at DEST from answers, without prompting.

    ANSWERS (a mapping, e.g. from the interview), then ANSWERS_FILE, then DATA
    (`KEY=VALUE` strings) answer the questions, each later source winning; questions
    none of them answers take the template's defaults. With none of them, the pilot is
    the template's worked example.

    PREPARE, when given, changes the rendered files (it gets their folder and the
    answers copier recorded) before the first commit, with the same guarantee: when it
    fails, nothing is left behind.
    """
    prepared = prepare_new(
        dest,
        answers=answers,
        answers_file=answers_file,
        data=data,
        template_src=template_src,
        vcs_ref=vcs_ref,
    )
    return create(prepared, use_git=use_git, prepare=prepare)


def prepare_new(
    dest: Path,
    *,
    answers: Mapping[str, Any] | None = None,
    answers_file: Path | None = None,
    data: Iterable[str] = (),
    template_src: str | None = None,
    vcs_ref: str | None = None,
) -> Prepared:
    """Everything `new` checks before it renders: DEST can take a pilot, the answers can
    be read, the template exists. An interview asks between this and `create`."""
    dest = dest.expanduser().resolve()
    check_destination(dest)
    given = load_answers(answers_file, data, base=answers)
    _requirement(given)  # a bad requirement answer is refused before any interview
    src, ref = resolve_template(template_src, vcs_ref)
    return Prepared(dest, given, src, ref)


def create(
    prepared: Prepared,
    *,
    use_git: bool = True,
    prepare: Callable[[Path, Mapping[str, Any]], None] | None = None,
) -> NewResult:
    """Render PREPARED into its destination (and make the first commit with USE_GIT);
    PREPARE, when given, changes the rendered files first (see `new`)."""
    dest, given = prepared.dest, prepared.given
    check_destination(dest)  # again: an interview takes minutes, and a folder may appear
    origin, unknown_origin = _requirement(given)  # again: the interview may have answered
    computed = {requirement.ANSWER: origin.requirement} if origin else {}
    with staging(dest) as scratch:
        try:
            values = {**_with_clock(given.values), **computed}
            rendered = engine.render(prepared.src, scratch, values, vcs_ref=prepared.ref)
        except AnswerError as err:
            raise given.explain(err) from None
        if unknown_origin is not None and requirement.ANSWER in rendered.answers:
            raise given.explain(unknown_origin)  # only a template that asks needs it
        given.refuse_unknown(rendered.answers)
        if prepare is not None:
            prepare(scratch, rendered.answers)
        outcome = _first_commit(scratch, rendered) if use_git else None
        scratch.replace(dest)  # atomic; also replaces an empty DEST directory
    return NewResult(
        dest=dest,
        pilot_name=str(rendered.answers.get("pilot_name", dest.name)),
        src_path=rendered.src_path,
        version=rendered.commit,
        commit=outcome.sha if outcome else None,
        git_problem=outcome.problem if outcome else None,
        ci_problem=requirement.warning(rendered.answers, origin),
    )


def _requirement(
    given: Answers,
) -> tuple[requirement.Origin | None, requirement.RecordError | None]:
    """The running pilotkit's origin, the default of the answer saying how CI installs
    pilotkit; None when the answer is given (then checked here: copier cannot parse a
    requirement), or, with the reason, when the install record cannot be read."""
    if requirement.ANSWER in given.values:
        text = str(given.values[requirement.ANSWER]).strip()
        if text and (reason := requirement.invalid(text)):
            raise given.explain(AnswerError(requirement.ANSWER, reason))
        return None, None
    try:
        return requirement.running(), None
    except requirement.RecordError as err:
        return None, err


def resolve_template(src: str | None, vcs_ref: str | None) -> tuple[str, str | None]:
    """The template to render (SRC, else the embedded one) and the version (None: copier's pick)."""
    if src is None:
        embedded = embedded_template()
        return str(embedded.path), vcs_ref or embedded.ref
    if src.lower().startswith("file://"):
        # git reads such a URL; copier takes it for a folder unless it says `git+`.
        return f"git+{src}", vcs_ref
    if is_url(src):
        return src, vcs_ref
    path = Path(src).expanduser()
    if not path.exists():
        raise PilotkitError(f"template {src} does not exist; give a directory, git URL or bundle")
    from pilotkit.template.questionnaire import (
        CONFIG_NAMES,  # jinja2 comes with it: only when needed
    )

    if path.is_dir() and not any((path / name).is_file() for name in CONFIG_NAMES):
        # copier would copy such a folder file by file, as if it were a template.
        raise PilotkitError(
            f"template {src} has no copier.yml (nor copier.yaml), so it is not a copier "
            "template; give the folder that holds copier.yml"
        )
    # An absolute path, because copier records `_src_path` verbatim and updates run elsewhere.
    return str(path.resolve()), vcs_ref


def _with_clock(values: Mapping[str, Any]) -> dict[str, Any]:
    """VALUES, with the estimate's date from pilotkit's clock when it is pinned and not given.

    copier's own default for the date reads the system clock; `PILOTKIT_TODAY` must win.
    A template without that question ignores the extra value.
    """
    if clock.is_pinned() and "estimate_date" not in values:
        return {**values, "estimate_date": clock.today().isoformat()}
    return dict(values)


def _first_commit(path: Path, rendered: engine.Rendered) -> git.CommitOutcome:
    git.init(path)
    version = rendered.commit or "an untagged template"
    name = rendered.answers.get("pilot_name", path.name)
    return git.commit_all(
        path, f"Start pilot {name} from template {version}\n\nMade by pilotkit new."
    )
