"""Jira wiki markup as Markdown, line for line (so evidence lines still point into the export).

Only what the signals read is converted: headings (`h3.`), bullet and numbered lists (`*`,
`#`, nested), code and noformat blocks, bold, monospace (`{{…}}`), links (`[text|url]`)
and block quotes (`bq.`). Everything else stays as written.
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^\s*h([1-6])\.\s*(.*)$")
_LIST = re.compile(r"^\s*([*#-]+)\s+(.*)$")
_BLOCK = re.compile(r"^\s*\{(code|noformat)(?::[^}]*)?\}(.*)$")
_BLOCK_END = re.compile(r"^(.*?)\{(code|noformat)\}\s*$")
_MONO = re.compile(r"\{\{(.+?)\}\}")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_LINK = re.compile(r"\[([^|\]\n]+)\|([^\]\n]+)\]")
_QUOTE = re.compile(r"^\s*bq\.\s*")


def to_markdown(text: str) -> str:
    """TEXT, Jira wiki markup, as Markdown with the same number of lines."""
    out: list[str] = []
    block = False
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if block:
            end = _BLOCK_END.match(line)
            if end:
                block = False
                out.append(f"{end.group(1)}```" if not end.group(1).strip() else "```")
            else:
                out.append(line)
            continue
        opened = _BLOCK.match(line)
        if opened:
            rest = opened.group(2)
            block = not _BLOCK_END.match(rest)  # `{code}x{code}` on one line opens nothing
            out.append("```" if block else "`" + _BLOCK_END.sub(r"\1", rest) + "`")
            continue
        out.append(_line(line))
    return "\n".join(out)


def _line(line: str) -> str:
    heading = _HEADING.match(line)
    if heading:
        return "#" * int(heading.group(1)) + " " + _inline(heading.group(2))
    bullet = _LIST.match(line)
    if bullet and (bullet.group(1)[0] != "-" or len(bullet.group(1)) == 1):
        marks = bullet.group(1)
        indent = "  " * (len(marks) - 1)
        mark = "1." if marks[-1] == "#" else "-"
        return f"{indent}{mark} {_inline(bullet.group(2))}"
    return _QUOTE.sub("> ", _inline(line))


def _inline(text: str) -> str:
    text = _MONO.sub(r"`\1`", text)
    text = _LINK.sub(r"[\1](\2)", text)
    return _BOLD.sub(r"**\1**", text)
