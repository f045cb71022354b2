"""Limits on the YAML pilotkit reads: how deep it nests, and how much its aliases stand for.

A few lines of aliases of aliases (a "billion laughs") stand for billions of values, and
whatever walks the data afterwards never returns; a list nested twenty thousand deep
stops ruamel's recursive composer with a RecursionError. Both are refused before any
parser builds the data, by counting the parser's events, which come from a loop.
"""

from __future__ import annotations

from typing import Any

import yaml as pyyaml

FastLoader: Any = getattr(pyyaml, "CSafeLoader", pyyaml.SafeLoader)

# Pilot files nest a few levels; ruamel gives up a few hundred levels down.
MAX_DEPTH = 100
# Values aliases (`*name`) may stand for in one text, all aliases together.
MAX_ALIASED = 100_000
TOO_DEEP = f"nests deeper than {MAX_DEPTH} levels; flatten it"


def excess(text: str, first_line: int = 1) -> tuple[int | None, str] | None:
    """The line and the problem where TEXT goes past a limit, or None.

    Past a limit: collections nested deeper than MAX_DEPTH, aliases standing for more
    than MAX_ALIASED values in all, or an alias inside the value it names. The size of
    each anchored value is known when it ends, so the expansion is counted without
    expanding anything. A syntax error is left to the parser that follows, which reports
    it with its line. FIRST_LINE is TEXT's first line in its file.
    """
    if not _may_exceed(text):
        return None
    count = _Count()
    try:
        for event in pyyaml.parse(text, Loader=FastLoader):
            problem = count.add(event)
            if problem:
                mark = event.start_mark
                return (mark.line + first_line if mark else None), problem
    except pyyaml.MarkedYAMLError as err:
        # libyaml looks ahead, and stops by itself a thousand levels down.
        if "maximum nesting depth" in str(err.problem):
            mark = err.problem_mark
            return (mark.line + first_line if mark else None), TOO_DEEP
    except pyyaml.YAMLError:
        pass
    return None


def _may_exceed(text: str) -> bool:
    """Whether TEXT could nest too deep or use an alias at all: each level of nesting
    starts on a new line or after `-`, `?`, `[` or `{`, and an alias needs an anchor."""
    if "&" in text:
        return True
    starts = text.count("\n") + text.count("-") + text.count("?") + text.count("[")
    return starts + text.count("{") >= MAX_DEPTH


class _Count:
    """Open collections with their anchors and sizes so far, and the values aliased."""

    def __init__(self) -> None:
        self.sizes: dict[str, int] = {}  # of each anchored value that has ended
        self.open: list[tuple[str | None, list[int]]] = []
        self.aliased = 0

    def add(self, event: Any) -> str | None:
        """Count EVENT; the problem when it goes past a limit."""
        if isinstance(event, pyyaml.CollectionStartEvent):
            if len(self.open) >= MAX_DEPTH:
                return TOO_DEEP
            self.open.append((event.anchor, [1]))
            return None
        if isinstance(event, pyyaml.CollectionEndEvent):
            anchor, (size,) = self.open.pop()
            if anchor:
                self.sizes[anchor] = size
        elif isinstance(event, pyyaml.ScalarEvent):
            size = 1
            if event.anchor:
                self.sizes[event.anchor] = 1
        elif isinstance(event, pyyaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in self.open):
                return f"alias *{event.anchor} is inside the value it names; write the value out"
            size = self.sizes.get(event.anchor or "", 1)
            self.aliased += size
            if self.aliased > MAX_ALIASED:
                return f"aliases stand for more than {MAX_ALIASED:,} values; write them out"
        else:
            return None
        if self.open:
            self.open[-1][1][0] += size
        return None
