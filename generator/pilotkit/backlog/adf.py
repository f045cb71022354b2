"""Atlassian Document Format (Jira Cloud's v3 descriptions) as Markdown.

Paragraphs, headings, bullet and ordered lists (nested), task lists, code blocks, block
quotes and panels become their Markdown; other nodes give their text. Nesting is bounded,
so a hostile tree cannot exhaust the stack.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 50


def to_markdown(node: Any) -> str:
    """NODE, an ADF document (or any node of one), as Markdown text."""
    return "\n".join(_block(node, 0, "")).strip("\n")


def _block(node: Any, depth: int, indent: str) -> list[str]:
    if not isinstance(node, dict) or depth > MAX_DEPTH:
        return []
    kind = node.get("type")
    children = _list(node.get("content"))
    if kind == "heading":
        attrs = _dict(node.get("attrs"))
        level = attrs.get("level")
        level = min(max(level, 1), 6) if isinstance(level, int) else 3
        return ["#" * level + " " + _inline(children, depth), ""]
    if kind == "paragraph":
        return [indent + line for line in _inline(children, depth).split("\n")] + [""]
    if kind in ("bulletList", "orderedList", "taskList"):
        return [*_items(kind, children, depth, indent), ""]
    if kind == "codeBlock":
        return ["```", *_inline(children, depth).split("\n"), "```", ""]
    if kind in ("blockquote", "panel"):
        inner = [line for child in children for line in _block(child, depth + 1, "")]
        return [f"> {line}" if line else ">" for line in inner]
    if kind == "rule":
        return ["---", ""]
    if kind in ("text", "hardBreak", "mention", "emoji", "inlineCard"):
        return [_inline([node], depth)]
    return [line for child in children for line in _block(child, depth + 1, indent)]


def _items(kind: str, items: list[Any], depth: int, indent: str) -> list[str]:
    lines: list[str] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        mark = "1." if kind == "orderedList" else "-"
        if item.get("type") == "taskItem":
            attrs = _dict(item.get("attrs"))
            mark += " [x]" if attrs.get("state") == "DONE" else " [ ]"
        content = _list(item.get("content"))
        inner = [line for child in content for line in _block(child, depth + 1, indent + "  ")]
        inner = [line for line in inner if line.strip()]
        if item.get("type") == "taskItem":  # a task item holds inline nodes directly
            inner = [_inline(content, depth)]
        first = inner[0].strip() if inner else ""
        lines.append(f"{indent}{mark} {first}")
        lines += inner[1:]
    return lines


def _inline(nodes: list[Any], depth: int) -> str:
    parts: list[str] = []
    for node in nodes:
        if not isinstance(node, dict) or depth > MAX_DEPTH:
            continue
        kind = node.get("type")
        attrs = _dict(node.get("attrs"))
        if kind == "text" and isinstance(node.get("text"), str):
            parts.append(_marked(node["text"], node.get("marks")))
        elif kind == "hardBreak":
            parts.append("\n")
        elif kind in ("mention", "emoji"):
            parts.append(str(attrs.get("text") or attrs.get("shortName") or ""))
        elif kind == "inlineCard":
            parts.append(str(attrs.get("url") or ""))
        elif isinstance(node.get("content"), list):
            parts.append(_inline(node["content"], depth + 1))
    return "".join(parts)


def _marked(text: str, marks: Any) -> str:
    listed = marks if isinstance(marks, list) else []
    kinds = {mark.get("type") for mark in listed if isinstance(mark, dict)}
    if "code" in kinds:
        return f"`{text}`"
    return f"**{text}**" if "strong" in kinds and text.strip() else text


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
