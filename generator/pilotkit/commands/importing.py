"""`pilotkit import FORMAT SRC`: a spec-kit, Kiro or OpenSpec feature into a new or existing pilot.

All or nothing: the source is read and mapped in full before anything is written, so a
problem in it (one line naming the file and line) leaves every file as it was. Into a
new pilot, the template is rendered beside DEST and moved into place only when all
worked, as `pilotkit new` does; into an existing pilot, the new task files and the
additions to `specs/requirements.md` and `specs/design.md` are written under the
pilot's lock, all of them or none, with ids after the pilot's highest.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from pilotkit import lock
from pilotkit.commands.new import new
from pilotkit.commands.tasks.add import next_id
from pilotkit.errors import PilotkitError
from pilotkit.files import Output, write_all
from pilotkit.importers import fresh, kiro, openspec, speckit
from pilotkit.importers.mapping import Mapped, map_source, next_requirement, task_number
from pilotkit.importers.model import Source
from pilotkit.pilot import specs, textfiles
from pilotkit.pilot.load import find_root, load_pilot
from pilotkit.template.answers import load as load_answers
from pilotkit.template.destination import check_destination

READERS: Mapping[str, ModuleType] = {"speckit": speckit, "kiro": kiro, "openspec": openspec}
# Answers that describe the pilot and that no source gives: the summary names those
# left at the template's default, so that nobody mistakes the example's for their own.
_PERSONAL = ("engineer", "repository", "hand_days", "agents", "mcp_servers", "token_budget_usd")


@dataclass(frozen=True)
class Imported:
    """What an import read, what it added where, and what it left out."""

    source: Source
    mapped: Mapped
    pilot: Path
    new_pilot: bool
    written: bool  # False on a dry run
    waves: int
    commit: str | None = None
    git_problem: str | None = None
    version: str | None = None
    defaults: tuple[str, ...] = ()  # pilot answers left at the template's default


def import_project(
    fmt: str,
    src: Path,
    *,
    dest: Path | None = None,
    into: Path | None = None,
    feature: str | None = None,
    answers_file: Path | None = None,
    data: Iterable[str] = (),
    template_src: str | None = None,
    vcs_ref: str | None = None,
    use_git: bool = True,
    dry_run: bool = False,
) -> Imported:
    """Import the FMT project at SRC into a new pilot at DEST or the pilot at INTO."""
    reader = READERS.get(fmt)
    if reader is None:
        raise PilotkitError(f"unknown format {fmt!r}; use one of {', '.join(READERS)}")
    if (dest is None) == (into is None):
        raise PilotkitError("give DEST for a new pilot, or --into PILOT for an existing one")
    if not src.is_dir():
        raise PilotkitError(f"{src} is not a folder; give the {reader.LABEL} project's folder")
    if dest is not None:
        check_destination(dest.expanduser().resolve())
    source: Source = reader.read(src, feature)
    if dest is None:
        return _into(source, into or Path(), dry_run=dry_run)
    return _fresh(
        source,
        dest,
        answers_file=answers_file,
        data=data,
        template_src=template_src,
        vcs_ref=vcs_ref,
        use_git=use_git,
        dry_run=dry_run,
    )


def _into(source: Source, path: Path, *, dry_run: bool) -> Imported:
    root = find_root(path)
    with lock.exclusive(root):
        pilot = load_pilot(root)
        first = next_id(pilot)
        requirements = _text(root / specs.REQUIREMENTS, "# Requirements\n")
        mapped = map_source(
            source,
            first_task=task_number(first),
            width=len(first) - 1,
            first_requirement=next_requirement(requirements),
        )
        outputs = [Output(root / task.path, task.text) for task in mapped.tasks]
        for output in outputs:
            if output.path.exists() or output.path.is_symlink():
                raise PilotkitError(f"{output.path} already exists; nothing was imported")
        if mapped.requirements:
            outputs.append(
                _added(root / specs.REQUIREMENTS, requirements, mapped.requirements_text)
            )
        if mapped.design:
            design = _text(root / specs.DESIGN, "# Design\n")
            outputs.append(_added(root / specs.DESIGN, design, mapped.design))
        if not dry_run:
            write_all(outputs)
    return Imported(source, mapped, root, False, not dry_run, _waves(mapped))


def _fresh(
    source: Source,
    dest: Path,
    *,
    answers_file: Path | None,
    data: Iterable[str],
    template_src: str | None,
    vcs_ref: str | None,
    use_git: bool,
    dry_run: bool,
) -> Imported:
    mapped = map_source(source)
    base = fresh.answers(source, mapped)
    given = load_answers(answers_file, data, base=base)  # refused answers stop here, early
    defaults = tuple(key for key in _PERSONAL if key not in given.values)
    if dry_run:
        return Imported(source, mapped, dest, True, False, _waves(mapped), defaults=defaults)
    made = new(
        dest,
        answers=base,
        answers_file=answers_file,
        data=data,
        template_src=template_src,
        vcs_ref=vcs_ref,
        use_git=use_git,
        prepare=fresh.preparer(source, mapped),
    )
    return Imported(
        source,
        mapped,
        made.dest,
        True,
        True,
        _waves(mapped),
        commit=made.commit,
        git_problem=made.git_problem,
        version=made.version,
        defaults=defaults,
    )


def _text(path: Path, default: str) -> str:
    """PATH's text, or DEFAULT when it does not exist (unreadable is an error)."""
    if not textfiles.present(path):
        return default
    try:
        return textfiles.read_text(path)
    except (OSError, UnicodeDecodeError) as err:
        raise PilotkitError(f"{path} cannot be read ({err}); fix it, then import again") from None


def _added(path: Path, text: str, addition: str) -> Output:
    """PATH with ADDITION after TEXT, in TEXT's line endings."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body = text.replace("\r\n", "\n").rstrip("\n") + "\n\n" + addition
    return Output(path, body.replace("\n", newline))


def _waves(mapped: Mapped) -> int:
    from pilotkit.pilot import graph

    return len(graph.waves({task.id: list(task.depends_on) for task in mapped.tasks}))


def summary_facts(result: Imported) -> dict[str, Any]:
    """The numbers the summary shows, as plain data (also the JSON of `--format json`)."""
    tasks = result.mapped.tasks
    return {
        "format": result.source.format,
        "feature": result.source.feature,
        "pilot": str(result.pilot),
        "new_pilot": result.new_pilot,
        "written": result.written,
        "requirements": {req.source.key: req.id for req in result.mapped.requirements},
        "tasks": {task.source.key: task.id for task in tasks},
        "done": [task.id for task in tasks if task.source.done],
        "waves": result.waves,
        "ordering": result.source.ordering,
        "design": [part.title for part in result.source.design],
        "unmapped": [
            {"where": str(item.origin), "what": item.what, "why": item.why}
            for item in result.source.unmapped
        ],
        "without_criteria": [r.id for r in result.mapped.requirements if not r.source.criteria],
        "defaults": list(result.defaults),
    }
