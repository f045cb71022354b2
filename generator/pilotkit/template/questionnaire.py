"""The template's questionnaire (copier.yml), read and evaluated the way copier does.

copier.yml is the single source of the questions' names, types, help, defaults and
validation. The interview asks them itself (copier's flat questionnaire cannot loop), so
this module evaluates each question's Jinja as copier would: a sandboxed environment with
the Ansible filters and the template's `_envops`, its loader rooted at the directory of
copier.yml, and the answers so far (plus the computed `when: false` values) as context.
An answer the interview accepts is therefore one copier accepts when it renders.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import (
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    Undefined,
    UndefinedError,
    pass_context,
)
from jinja2.runtime import Macro
from jinja2.sandbox import SandboxedEnvironment

from pilotkit import clock
from pilotkit.agents import credentials
from pilotkit.errors import PilotkitError
from pilotkit.template.answers import not_a_list
from pilotkit.yaml import YamlError, dump_value, load_copier_config, parse_value

CONFIG_NAMES = ("copier.yml", "copier.yaml")
TYPES = ("bool", "float", "int", "json", "str", "yaml", "path")
_TRUE = {"y", "yes", "t", "true", "on"}
_FALSE = {"n", "no", "f", "false", "off", "~", "null", "none"}
# What a failed Jinja evaluation raises; a validator that fails reports it as its message.
_EVAL_ERRORS = (TemplateError, YamlError, ValueError, TypeError, KeyError, AttributeError)


class Unanswered(Exception):
    """A validator needs the answer to a question not answered yet."""


class NoDefault:
    """The marker for a question without a default (an answer is required)."""

    def __repr__(self) -> str:
        return "NO_DEFAULT"


NO_DEFAULT = NoDefault()


@dataclass(frozen=True)
class Choice:
    """One choice of a question: what the person sees, the value recorded, why it is disabled."""

    label: str
    value: Any
    disabled: str = ""


@dataclass(frozen=True)
class Question:
    """One question of copier.yml, as written there (Jinja not yet rendered)."""

    name: str
    spec: Mapping[str, Any]

    @property
    def multiselect(self) -> bool:
        return bool(self.spec.get("multiselect", False))

    @property
    def secret(self) -> bool:
        return bool(self.spec.get("secret", False))

    @property
    def has_choices(self) -> bool:
        return bool(self.spec.get("choices"))


def find_config(root: Path) -> Path:
    """The copier.yml (or copier.yaml) of the template at ROOT."""
    for name in CONFIG_NAMES:
        if (root / name).is_file():
            return root / name
    raise PilotkitError(f"{root} has no copier.yml; it is not a copier template")


class Questionnaire:
    """The questions of the template at ROOT, and copier's way of evaluating them."""

    def __init__(self, root: Path, ref: str | None = None) -> None:
        self.root = root
        self.ref = ref
        config = load_copier_config(find_config(root))
        self.settings = {k: v for k, v in config.items() if k.startswith("_")}
        self.questions = tuple(
            Question(name, spec if isinstance(spec, dict) else {"default": spec})
            for name, spec in config.items()
            if not name.startswith("_")
        )
        self.env = _environment(root, self.settings.get("_envops") or {})
        self._compiled: dict[str, Any] = {}

    @property
    def subdirectory(self) -> str:
        return str(self.settings.get("_subdirectory") or "")

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    # ------------------------------------------------------------------ Jinja
    def render(self, value: Any, context: Mapping[str, Any]) -> Any:
        """VALUE rendered with CONTEXT when it is a string (each item of a list); else VALUE."""
        if isinstance(value, str):
            template = self._compiled.get(value)
            if template is None:
                with warnings.catch_warnings():
                    # Jinja warns about backslashes in string literals (regexes in
                    # validators); copier renders the same text with warnings off too.
                    warnings.simplefilter("ignore", DeprecationWarning)
                    template = self._compiled[value] = self.env.from_string(value)
            return template.render(dict(context))
        if isinstance(value, list):
            return [self.render(item, context) for item in value]
        return value

    def macro(self, path: str, name: str) -> Macro | None:
        """Macro NAME of the Jinja file at PATH (relative to the template root), if there is one."""
        if not (self.root / path).is_file():
            return None
        found = getattr(self.env.get_template(path).module, name, None)
        return found if isinstance(found, Macro) else None

    def module_values(self, path: str) -> dict[str, Any]:
        """The top-level `{% set %}` values of the Jinja file at PATH."""
        module = self.env.get_template(path).module
        return {k: v for k, v in vars(module).items() if not k.startswith("_")}

    # ------------------------------------------------------------------ one question
    def type_of(self, question: Question, context: Mapping[str, Any]) -> str:
        """The question's type, inferred from its default as copier infers it."""
        raw = question.spec.get("type")
        if raw is None:
            kind = type(question.spec.get("default", NO_DEFAULT)).__name__
            return kind if kind in {"bool", "float", "int", "str"} else "yaml"
        kind = str(self.render(raw, context)).strip()
        if kind not in TYPES:
            raise PilotkitError(
                f"question {question.name}: unsupported type {kind!r} in copier.yml"
            )
        return kind

    def help(self, question: Question, context: Mapping[str, Any]) -> str:
        text = str(self.render(question.spec.get("help") or "", context)).strip()
        return " ".join(text.split()) or question.name

    def multiline(self, question: Question, context: Mapping[str, Any]) -> bool:
        raw = question.spec.get("multiline")
        if raw is None:
            return self.type_of(question, context) in {"json", "yaml"}
        return to_bool(self.render(raw, context))

    def is_asked(self, question: Question, context: Mapping[str, Any]) -> bool:
        """Whether the question is asked at all: its `when` (and `ask`) hold."""
        for key in ("when", "ask"):
            raw = question.spec.get(key, True)
            if not to_bool(self.render(raw, context)):
                return False
        return True

    def is_computed(self, question: Question) -> bool:
        """A value copier computes and never asks or records (`when: false`)."""
        return question.spec.get("when") is False

    def default(self, question: Question, context: Mapping[str, Any]) -> Any:
        """The question's default, rendered and cast, or NO_DEFAULT."""
        if "default" not in question.spec:
            return NO_DEFAULT
        raw = self.render(question.spec["default"], context)
        return self.parse(question, raw, context)

    def choices(self, question: Question, context: Mapping[str, Any]) -> list[Choice]:
        """The question's choices, rendered (a templated YAML string too) and cast."""
        raw = question.spec.get("choices") or []
        if isinstance(raw, str):
            raw = parse_value(str(self.render(raw, context)), f"choices of {question.name}")
        pairs = list(raw.items()) if isinstance(raw, dict) else list(raw)
        kind = self.type_of(question, context)
        found = []
        for pair in pairs:
            label, value = pair if isinstance(pair, list | tuple) else (pair, pair)
            disabled = ""
            if isinstance(value, dict):
                disabled = str(self.render(value.get("validator", ""), context)).strip()
                value = value["value"]
            value = cast(kind, self.render(value, context))
            found.append(Choice(str(self.render(label, context)), value, disabled))
        return found

    def parse(self, question: Question, answer: Any, context: Mapping[str, Any]) -> Any:
        """ANSWER (typed text or a given value) cast to the question's type.

        Raises ValueError with the message a person reads when it does not fit.
        """
        kind = self.type_of(question, context)
        if not question.multiselect:
            return cast(kind, answer)
        choices = self.choices(question, context)
        if isinstance(answer, str):
            try:
                answer = parse_value(answer, question.name)
            except YamlError as err:
                problem = err.problem.removeprefix("invalid YAML: ")
                raise ValueError(not_a_list([c.value for c in choices], problem)) from None
        if not isinstance(answer, list):
            raise ValueError(not_a_list([c.value for c in choices]))
        wanted = [cast(kind, item) for item in answer]
        return [c.value for c in choices if c.value in wanted]

    def problem(
        self,
        question: Question,
        answer: Any,
        context: Mapping[str, Any],
        *,
        undefined: bool = False,
    ) -> str:
        """What the question's validator says about ANSWER; empty when it is fine.

        Before the validator, pilotkit's own rule for every question: no URL in the answer
        carries a password or token (`credentials.in_answer`). With UNDEFINED, a validator
        that needs an answer CONTEXT lacks raises Unanswered instead of reporting it as the
        problem.
        """
        if leak := credentials.in_answer(answer):
            return leak
        validator = question.spec.get("validator")
        if not validator:
            return ""
        try:
            message = self.render(validator, {**context, question.name: answer})
        except UndefinedError as err:
            if undefined:
                raise Unanswered(str(err)) from None
            message = "needs an answer to an earlier question"
        except _EVAL_ERRORS as err:
            message = str(err)
        return " ".join(str(message).split())

    # ------------------------------------------------------------------ all questions
    def context(self, answers: Mapping[str, Any]) -> dict[str, Any]:
        """ANSWERS plus every computed (`when: false`) value they allow, in copier's order."""
        found: dict[str, Any] = {}
        for question in self.questions:
            if question.name in answers:
                found[question.name] = answers[question.name]
            elif self.is_computed(question) or not self._when_holds(question, found):
                # copier keeps the default of a skipped question in the context, unrecorded.
                try:
                    value = self.default(question, found)
                except _EVAL_ERRORS:
                    continue  # it needs answers not given yet
                if value is not NO_DEFAULT:
                    found[question.name] = value
        return found

    def _when_holds(self, question: Question, context: Mapping[str, Any]) -> bool:
        try:
            return self.is_asked(question, context)
        except _EVAL_ERRORS:
            return True  # decided once the answers it needs are given


def _environment(root: Path, envops: Mapping[str, Any]) -> SandboxedEnvironment:
    options = {"keep_trailing_newline": True, **envops}
    undefined = options.get("undefined")
    if undefined is not None:
        classes = {"jinja2.Undefined": Undefined, "jinja2.StrictUndefined": StrictUndefined}
        if undefined not in classes:
            raise PilotkitError(f"copier.yml: _envops.undefined {undefined!r} is not supported")
        options["undefined"] = classes[undefined]
    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(root)),
        extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"],
        **options,
    )
    env.filters["strftime"] = _strftime
    return env


@pass_context  # a context filter is never folded into a constant when a template compiles
def _strftime(_context: Any, fmt: str, second: float | None = None) -> str:
    """The template's `strftime` filter, reading the time from pilotkit's clock."""
    return clock.strftime(fmt, second)


def cast(kind: str, value: Any) -> Any:
    """VALUE as copier casts an answer of type KIND; ValueError says what is wrong."""
    if value is None:
        if kind in {"json", "yaml"}:
            return None
        raise ValueError(f"give a value of type {kind}")
    if kind == "bool":
        return to_bool(value)
    if kind in {"str", "path"}:
        return value if isinstance(value, str) else str(value)
    if not isinstance(value, str):
        return _number(kind, value) if kind in {"int", "float"} else value
    return _parse(kind, value)


def _parse(kind: str, value: str) -> Any:
    """An answer of type KIND (int, float, json or yaml) given as the text VALUE."""
    text = value.strip()
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError("give a whole number, e.g. 3") from None
    if kind == "float":
        try:
            return float(text)
        except ValueError:
            raise ValueError("give a number, e.g. 2.5") from None
    if kind == "json":
        try:
            return json.loads(value)
        except json.JSONDecodeError as err:
            raise ValueError(f"invalid JSON: {err.msg} (line {err.lineno})") from None
    try:
        return parse_value(value, "the answer")
    except YamlError as err:
        raise ValueError(err.problem) from None


def _number(kind: str, value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError(f"give a number, not {value}")
    return int(value) if kind == "int" else float(value)


def to_bool(value: Any) -> bool:
    """VALUE as a boolean, the way copier reads `when` and bool answers."""
    if isinstance(value, bool):
        return value
    try:
        return bool(float(value))
    except (TypeError, ValueError):
        pass
    if isinstance(value, str):
        lower = value.strip().lower()
        if lower in _TRUE:
            return True
        if not lower or lower in _FALSE:
            return False
    return bool(value)


def dump_default(kind: str, value: Any) -> str:
    """A JSON or YAML default as editable text."""
    return json.dumps(value, indent=2) if kind == "json" else dump_value(value)
