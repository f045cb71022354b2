"""The one place that imports copier: render a template, update a pilot, errors made plain.

copier is imported inside the functions, never at module level, so commands that do not
render (and `--help`) do not pay for its start-up.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from pilotkit.errors import AnswerError, PilotkitError
from pilotkit.template.answers import not_a_list

ANSWERS_FILE = ".copier-answers.yml"
_QUESTION_IN_MESSAGE = re.compile(r"(?:question|for) '([^']+)'")


class TemplateError(PilotkitError):
    """The template could not be found, fetched or rendered."""


@dataclass(frozen=True)
class Rendered:
    """A rendered pilot: where it is, what it came from, and the answers copier recorded."""

    path: Path
    src_path: str
    commit: str | None
    answers: Mapping[str, Any]


def render(
    src: str,
    dest: Path,
    data: Mapping[str, Any],
    *,
    vcs_ref: str | None = None,
) -> Rendered:
    """Render template SRC at VCS_REF into DEST (which must not exist) without prompting."""
    import copier

    with _plain_errors(src), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_copy(
            src,
            dest,
            data=dict(data),
            vcs_ref=vcs_ref,
            defaults=True,
            quiet=True,
            overwrite=False,
            unsafe=False,
            cleanup_on_error=True,
            settings=copier.Settings(),
        )
    answers = _read_answers(dest)
    commit = answers.get("_commit")
    return Rendered(
        path=dest,
        src_path=str(answers.get("_src_path", src)),
        commit=str(commit) if commit is not None else None,
        answers=answers,
    )


def update(
    pilot: Path,
    src: str,
    *,
    vcs_ref: str | None,
    exclude: Sequence[str] = (),
    data: Mapping[str, Any] | None = None,
) -> None:
    """Update the pilot at PILOT (a clean git work tree) to template version VCS_REF.

    copier's 3-way merge: local edits are kept, and a conflicting edit is left as inline
    markers with unmerged index entries. EXCLUDE adds patterns copier never renders or
    deletes, in the new version and in the replay of the old one. DATA answers questions
    anew (the others keep their recorded answers). SRC names the template in messages;
    copier reads the source from the pilot's answers file.
    """
    import copier

    with _plain_errors(src), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        copier.run_update(
            pilot,
            data=dict(data or {}),
            vcs_ref=vcs_ref,
            exclude=list(exclude),
            defaults=True,
            skip_answered=True,
            overwrite=True,
            quiet=True,
            conflict="inline",
            unsafe=False,
            settings=copier.Settings(),
        )


@contextmanager
def _plain_errors(src: str) -> Iterator[None]:
    """Turn copier's, jinja's and git's exceptions into one-line PilotkitErrors."""
    from copier import errors as copier_errors

    try:
        yield
    except copier_errors.UnsafeTemplateError as err:
        features = ", ".join(getattr(err, "features", ())) or "code"
        raise TemplateError(
            f"template {src} uses {features}; pilotkit renders declarative templates only "
            "(no _tasks, _migrations or _jinja_extensions)"
        ) from None
    except copier_errors.ForbiddenPathError as err:
        raise TemplateError(f"an answer would write outside the destination: {err}") from None
    except copier_errors.UserMessageError as err:
        raise TemplateError(f"template {src}: {_one_line(str(err))}") from None
    except ValueError as err:
        raise _value_error(src, err) from None
    except OSError as err:
        raise TemplateError(f"template {src}: {_one_line(str(err))}") from None
    except Exception as err:
        refused = _unparsed_list(err)
        if refused is not None:
            raise refused from None
        raise _render_error(src, err) from err


def _read_answers(dest: Path) -> dict[str, Any]:
    from pilotkit.yaml import load_mapping

    answers_path = dest / ANSWERS_FILE
    return load_mapping(answers_path).data if answers_path.is_file() else {}


def _value_error(src: str, err: ValueError) -> PilotkitError:
    """copier raises ValueError both for refused answers and for bad template references."""
    question = _question_from_traceback(err.__traceback__)
    if question and _is_yaml_error(err.__context__):  # a `type: yaml` answer that does not parse
        return AnswerError(question, f"not valid YAML: {_yaml_problem(err.__context__)}")
    message = _one_line(str(err))
    match = _QUESTION_IN_MESSAGE.search(message)
    if match:
        reason = message.split(": ", 1)[1] if ": " in message else message
        return AnswerError(match.group(1), reason)
    if question:
        if "integer string conversion" in message:  # Python's advice is for programmers
            message = "has thousands of digits; give a whole number of sensible size"
        return AnswerError(question, message)
    return TemplateError(f"template {src}: {message}")


def _unparsed_list(err: Exception) -> AnswerError | None:
    """The answer to a multiple-choice question that is not a YAML list, or None.

    copier parses such an answer (`--data agents=[claude, codex]`) without catching
    what PyYAML raises, or raises TypeError when the YAML is not a list.
    """
    question = _question_from_traceback(err.__traceback__)
    if question is None:
        return None
    if _is_yaml_error(err):
        problem = _yaml_problem(err)
    elif isinstance(err, TypeError) and _raised_in(err, "parse_yaml_list"):
        problem = ""
    else:
        return None
    return AnswerError(question, not_a_list(_choices(err.__traceback__), problem))


def _choices(tb: TracebackType | None) -> list[str]:
    """The choices of the question copier was parsing an answer to, when it can be seen."""
    while tb is not None:
        if tb.tb_frame.f_code.co_name == "parse_answer":
            question = tb.tb_frame.f_locals.get("self")
            choices = getattr(question, "_formatted_choices", None) or ()
            return [str(getattr(choice, "value", "")) for choice in choices]
        tb = tb.tb_next
    return []


def _is_yaml_error(err: BaseException | None) -> bool:
    """Whether ERR comes from PyYAML (copier's parser of answers), without importing it."""
    return err is not None and type(err).__module__.split(".")[0] == "yaml"


def _yaml_problem(err: BaseException | None) -> str:
    """PyYAML's complaint in pilotkit's words, with the line when the answer has several."""
    from pilotkit.yaml.read import error_location

    if not hasattr(err, "problem_mark"):  # a YAMLError that does not say where
        return _one_line(str(err))
    mark = getattr(err, "problem_mark", None) or getattr(err, "context_mark", None)
    text = str(getattr(mark, "buffer", None) or "").rstrip("\0")
    line, problem = error_location(err, text)
    where = f" at line {line}" if line and "\n" in text.strip() else ""
    return f"{_one_line(problem)}{where}"


def _raised_in(err: BaseException, function: str) -> bool:
    """Whether ERR was raised inside a function of that name (the innermost frame)."""
    tb = err.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return tb is not None and tb.tb_frame.f_code.co_name == function


def _question_from_traceback(tb: TracebackType | None) -> str | None:
    """copier names the question only in validation errors; find it for type errors too."""
    name = None
    while tb is not None:
        candidate = tb.tb_frame.f_locals.get("var_name")
        if isinstance(candidate, str):
            name = candidate
        tb = tb.tb_next
    return name


def _render_error(src: str, err: Exception) -> TemplateError:
    kind = type(err).__module__.split(".")[0]
    if kind == "jinja2":
        where, line = _template_frame(err.__traceback__)
        where = where or getattr(err, "filename", None) or getattr(err, "name", None)
        line = line or getattr(err, "lineno", None)
        place = f" in {_in_template(where, src)}" + (f":{line}" if line else "") if where else ""
        return TemplateError(f"template {src} failed to render{place}: {_one_line(str(err))}")
    if kind == "plumbum":
        stderr = getattr(err, "stderr", "") or str(err)
        return TemplateError(f"cannot read template {src}: {_last_line(stderr)}")
    raise err


def _template_frame(tb: TracebackType | None) -> tuple[str | None, int | None]:
    """The template file and line a jinja error happened in (jinja puts it in the traceback)."""
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        if not tb.tb_frame.f_code.co_filename.endswith(".py"):
            found = (tb.tb_frame.f_code.co_filename, tb.tb_lineno)
        tb = tb.tb_next
    return found


def _in_template(where: str, src: str) -> str:
    """WHERE inside the template: relative to SRC, or to the clone copier made of it."""
    path = Path(where)
    if path.is_relative_to(src):
        return path.relative_to(src).as_posix()
    for index, part in enumerate(path.parts):
        if part.startswith("copier."):
            return Path(*path.parts[index + 1 :]).as_posix()
    return where


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _last_line(text: str) -> str:
    lines = [line.strip() for line in str(text).splitlines() if line.strip()]
    return lines[-1] if lines else "no output"
