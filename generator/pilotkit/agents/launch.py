"""Server launch commands: whether they pin an exact version, and one spelling for all
clients (each client writes the workspace folder and variables its own way)."""

from __future__ import annotations

import re

_WORKSPACE = re.compile(
    r"\$\{(?:workspaceFolder|CLAUDE_PROJECT_DIR(?::-\.)?|PWD|env:PWD)\}|\{env:PWD\}"
)
_EXACT_VERSION = re.compile(r"^v?\d+(\.\d+)*([-+][0-9A-Za-z.-]+)?$")


def unpinned(command: tuple[str, ...]) -> str | None:
    """Why COMMAND launches a floating version of its server, or None when it is pinned."""
    found = floating(command)
    return found[1] if found else None


def floating(command: tuple[str, ...]) -> tuple[int, str] | None:
    """The index of the part of COMMAND that floats, and why; None when it is pinned.

    The index lets a finding point at the very line of that part in a config file.
    """
    for index, part in enumerate(command):
        if re.search(r"@latest\b|:latest\b", part):
            return index, f"`{part}` floats to whatever is newest"
    if not command:
        return None
    program = command[0].rsplit("/", 1)[-1]
    start = 1  # where `args` begins in COMMAND
    args = list(command[1:])
    if program in ("pnpm", "yarn", "uv") and args[:1] in (["dlx"], ["tool"]):
        skip = 2 if args[:2] == ["tool", "run"] else 1
        start, args = start + skip, args[skip:]
        program = {"pnpm": "npx", "yarn": "npx", "uv": "uvx"}[program]
    if program == "pipx" and args[:1] == ["run"]:
        program, start, args = "uvx", start + 1, args[1:]
    if program in ("npx", "bunx", "pnpx"):
        package = _option(args, ("-p", "--package")) or _positional(args, ())
        if package and not _npm_pinned(package[1]):
            return start + package[0], f"`{package[1]}` has no exact version"
    elif program == "uvx":
        package = _option(args, ("--from",)) or _positional(args, ("--python", "--with"))
        if package and not re.search(r"(==|@)v?\d[\w.+-]*$", package[1]):
            return start + package[0], f"`{package[1]}` has no exact version"
    elif program in ("docker", "podman") and args[:1] == ["run"]:
        image = _positional(args[1:], _DOCKER_VALUES)
        if image and "@sha256:" not in image[1] and ":" not in image[1].rsplit("/", 1)[-1]:
            return start + 1 + image[0], f"image `{image[1]}` has no tag"
    return None


_DOCKER_VALUES = (
    "-e", "--env", "--env-file", "-v", "--volume", "--name", "-p", "--publish", "--network",
    "-w", "--workdir", "--entrypoint", "-u", "--user", "--mount", "--platform", "-l", "--label",
)  # fmt: skip


def _option(args: list[str], names: tuple[str, ...]) -> tuple[int, str] | None:
    """The value of the first of NAMES in ARGS, and its index (`--name value`, `--name=value`)."""
    for index, arg in enumerate(args):
        if arg in names and index + 1 < len(args):
            return index + 1, args[index + 1]
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                return index, arg.split("=", 1)[1]
    return None


def _positional(args: list[str], takes_value: tuple[str, ...]) -> tuple[int, str] | None:
    """The first argument that is not an option (nor the value of one), and its index."""
    skip = False
    for index, arg in enumerate(args):
        if skip:
            skip = False
        elif arg in takes_value:
            skip = True
        elif not arg.startswith("-"):
            return index, arg
    return None


def _npm_pinned(package: str) -> bool:
    name_and_version = package[1:] if package.startswith("@") else package
    if "@" not in name_and_version:
        return False
    return bool(_EXACT_VERSION.match(name_and_version.rsplit("@", 1)[1]))


def normal(command: tuple[str, ...]) -> tuple[str, ...]:
    """COMMAND with each client's spelling of the workspace and of variables made one."""
    result = []
    for part in command:
        part = _WORKSPACE.sub(".", part)
        part = re.sub(r"\$\{(?:env:)?([A-Za-z_]\w*)(?::-[^}]*)?\}|\{env:(\w+)\}", r"${\1\2}", part)
        result.append(part)
    return tuple(result)
