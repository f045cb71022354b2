"""Answers for a template, from an answers file and `KEY=VALUE` flags, with their origins."""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.agents import credentials
from pilotkit.errors import AnswerError, PilotkitError


@dataclass(frozen=True)
class Answers:
    """Answers to hand to the template, and the origin of each one for error messages."""

    values: Mapping[str, Any] = field(default_factory=dict)
    origins: Mapping[str, str] = field(default_factory=dict)

    def origin(self, key: str) -> str:
        """Where KEY's answer came from: `FILE:LINE`, `--data KEY`, or the template default."""
        return self.origins.get(key, "the template's default")

    def over(self, base: Mapping[str, Any]) -> Answers:
        """These answers laid over BASE (the interview's): each of these wins and keeps its
        origin. Raises like `load` for an answer of BASE that holds a secret."""
        values = {**base, **self.values}
        origins = {**{key: "the answers given" for key in base}, **self.origins}
        return _checked(Answers(values, origins))

    def refuse_unknown(self, known: Container[str]) -> None:
        """Raise the one-line error naming each given answer that is not a question KNOWN
        holds, with where it came from."""
        extra = [key for key in self.values if key not in known]
        if extra:
            where = ", ".join(f"{key} ({self.origin(key)})" for key in extra)
            raise PilotkitError(
                f"unknown question {where}; the template's questions are listed in its copier.yml"
            )

    def explain(self, error: AnswerError) -> PilotkitError:
        """Turn a refused answer into a one-line error that says where to fix it."""
        origin = self.origins.get(error.question)
        if origin is None:
            return PilotkitError(f"{error.question}: {error.reason}")
        return PilotkitError(f"{origin}: {error.question}: {error.reason}")


def load(
    answers_file: Path | None = None,
    data: Iterable[str] = (),
    *,
    base: Mapping[str, Any] | None = None,
) -> Answers:
    """Merge BASE answers, an answers file (YAML) and `KEY=VALUE` overrides; later ones win.

    An answer holding a URL with a password or token is refused, naming where it came
    from: the pilot's files would hold the secret, and git its history.
    """
    values: dict[str, Any] = dict(base or {})
    origins: dict[str, str] = {key: "the answers given" for key in values}
    if answers_file is not None:
        from pilotkit.yaml import load_mapping

        document = load_mapping(answers_file)
        for key, value in document.data.items():
            if key.startswith("_"):
                continue  # copier's own metadata (_src_path, _commit) in a copied answers file
            values[key] = value
            origins[key] = f"{answers_file}:{document.line(key)}"
    for item in data:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise PilotkitError(
                f"--data {item!r}: expected KEY=VALUE, e.g. --data pilot_name=search-v2"
            )
        values[key] = value
        origins[key] = f"--data {key}"
    return _checked(Answers(values, origins))


def _checked(given: Answers) -> Answers:
    """GIVEN, unless an answer holds a URL with a password or token."""
    for key, value in given.values.items():
        if problem := credentials.in_answer(value):
            raise given.explain(AnswerError(key, problem))
    return given


def not_a_list(choices: Sequence[Any], problem: str = "") -> str:
    """Why an answer to a multiple-choice question was refused: it is not a YAML list
    (PROBLEM: what the YAML parser said), and how to write one from its CHOICES."""
    example = ", ".join(str(choice) for choice in choices[:2]) or "first, second"
    because = f" ({problem})" if problem else ""
    return f"not a YAML list{because}; give the choices as a list, e.g. [{example}]"


def keep(values: Mapping[str, Any]) -> Path:
    """Write VALUES to a new private YAML file (an answers file) and return its path."""
    import os
    import tempfile

    from pilotkit.yaml import dump_value

    handle, name = tempfile.mkstemp(prefix="pilotkit-answers-", suffix=".yml")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        out.write("# Answers from a pilotkit interview; give them back with --answers.\n")
        out.write(dump_value(dict(values)) + "\n")
    return Path(name)
