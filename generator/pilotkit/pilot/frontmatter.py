"""Split Markdown files into YAML front matter and body, keeping line numbers."""

from __future__ import annotations

from dataclasses import dataclass

FENCE = "---"
BOM = "\ufeff"  # some Windows editors start UTF-8 files with it; it is not text


@dataclass(frozen=True)
class Split:
    """A Markdown file cut at its front matter fences.

    `yaml` is the text between the fences (None when the file has no front matter),
    `yaml_line` the 1-based line number where that text starts in the file, and `body`
    everything after the closing fence, starting on line `body_line`.
    """

    yaml: str | None
    yaml_line: int
    body: str
    body_line: int
    unclosed: bool = False


def split(text: str) -> Split:
    """Cut TEXT into front matter and body; a file without an opening fence is all body.

    A byte order mark before the opening fence is no text: the fence is still the first
    line (and the mark stays in the file when the front matter is edited).
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].removeprefix(BOM).rstrip("\r\n").rstrip() != FENCE:
        return Split(None, 1, text, 1)
    for index, line in enumerate(lines[1:], start=1):
        if line.rstrip("\r\n").rstrip() == FENCE:
            return Split(
                yaml="".join(lines[1:index]),
                yaml_line=2,
                body="".join(lines[index + 1 :]),
                body_line=index + 2,
            )
    return Split("".join(lines[1:]), 2, "", len(lines) + 1, unclosed=True)
