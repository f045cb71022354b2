"""copier.yml and single answers: read the way copier reads them, written for people."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml as pyyaml

from pilotkit.yaml.bounds import FastLoader
from pilotkit.yaml.read import YamlError, check_bounds, error_location, read_text


def load_copier_config(path: Path) -> dict[str, Any]:
    """Read a copier.yml the way copier does: every document merged in order, later keys winning.

    A document `--- !include GLOB` stands for the documents of the files GLOB matches,
    relative to the file's directory; a match outside that directory is refused, as
    copier refuses it. (copier also concatenates a few `_` settings across documents;
    pilotkit reads only the questions, so the plain merge is enough.)
    """
    root = path.parent.resolve()

    class _Loader(pyyaml.SafeLoader):
        """A private subclass, so the `!include` constructor does not leak into PyYAML."""

    def include(loader: pyyaml.SafeLoader, node: pyyaml.Node) -> list[Any]:
        pattern = str(loader.construct_scalar(node))  # type: ignore[arg-type]
        found: list[Any] = []
        for match in sorted(root.glob(pattern)):
            if not match.resolve().is_relative_to(root):
                raise YamlError(path, node.start_mark.line + 1, f"!include {pattern} leaves {root}")
            found.extend(_config_documents(match, _Loader))
        return found

    _Loader.add_constructor("!include", include)
    merged: dict[str, Any] = {}
    for document in _config_documents(path, _Loader):
        merged.update(document)
    return merged


def _config_documents(path: Path, loader: Any) -> list[dict[str, Any]]:
    text = read_text(path)
    check_bounds(text, path)
    try:
        documents = list(pyyaml.load_all(text, Loader=loader))
    except pyyaml.MarkedYAMLError as err:
        line, problem = error_location(err, text)
        raise YamlError(path, line, f"invalid YAML: {problem}") from None
    except pyyaml.YAMLError as err:
        raise YamlError(path, None, f"invalid YAML: {err}") from None
    flat: list[dict[str, Any]] = []
    for document in documents:
        for part in document if isinstance(document, list) else [document]:
            if part is None:
                continue
            if not isinstance(part, dict):
                raise YamlError(path, None, "every document must be a mapping of settings")
            flat.append(part)
    return flat


def parse_value(text: str, what: str) -> Any:
    """Parse TEXT (an answer typed or rendered for WHAT) as one YAML document, safely."""
    check_bounds(text, what)
    try:
        return pyyaml.load(text, Loader=FastLoader)  # noqa: S506 (a safe loader)
    except pyyaml.MarkedYAMLError as err:
        line, problem = error_location(err, text)
        raise YamlError(what, line, f"invalid YAML: {problem}") from None
    except (pyyaml.YAMLError, ValueError, TypeError) as err:
        raise YamlError(what, None, f"invalid YAML: {' '.join(str(err).split())}") from None


def dump_value(value: Any) -> str:
    """VALUE as block-style YAML, keys in their given order, for a person to read and edit."""
    text: str = pyyaml.safe_dump(
        value, default_flow_style=False, sort_keys=False, allow_unicode=True, width=100
    )
    return text.removesuffix("...\n").rstrip("\n")


# --- Round-trip edits -------------------------------------------------------------------
#
# ruamel's own dumper re-indents sequences, re-spaces flow lists and re-wraps long lines,
# so a full load-and-dump would touch bytes nobody changed. Instead ruamel's composer
# locates each changed value, only that span of text is replaced, and the result is
# parsed again and compared with what was intended before anyone writes it.
