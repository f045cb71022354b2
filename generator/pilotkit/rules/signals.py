"""Signals of how well a text specifies work, each with the lines that show it.

One idea of "well specified", shared by `pilotkit check` and anything else that judges
written work (a backlog ticket): unresolved markers, vague words without a measure, open
ends, criteria someone can check, the template's own filler, and the scope a text names.

Every function is pure: text in (with the number of its first line, so that evidence
points into the file the text came from), `Evidence` out — where, which signal, and what
matched — never a bare yes or no. Markdown code (fenced blocks, inline spans) is not
prose: the word lists skip it, while the checkable and scope signals read it, because a
test name, a message or a path is usually written as code. The word lists are English.

Nothing here knows about pilots: no `Pilot`, `Task`, rule `Context` or `Finding` comes in
or goes out, and the only imports are Markdown text helpers (`pilot.markdown`,
`pilot.specs.prose`). A caller cuts its own document into sections (`markdown.sections`,
`list_items`), passes plain text and the line it starts at, and turns the `Evidence` it
gets back into its own output: `check`'s rules make findings of it, and a judge of
backlog tickets can score a ticket's description and acceptance criteria with the same
functions. Keep it so (`tests/test_text_signals.py` checks the imports).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from pilotkit.pilot import markdown
from pilotkit.pilot.specs import prose

# ---------------------------------------------------------------- what is found

MARKER = "marker"
VAGUE = "vague term"
OPEN_END = "open end"
QUESTION = "question"
NUMBER = "number"
STATUS_CODE = "status code"
QUOTED = "quoted message"
NAMED_TEST = "named test"
VERB = "observable verb"
OTHER_SCRIPT = "not judged: written in another script"
FILLER = "template filler"
PLACEHOLDER = "placeholder"
RESTATED = "restates a step"
PATH = "path"
MODULE = "module"
ENDPOINT = "endpoint"
# The kinds `checkable` reports: any one of them makes a criterion checkable.
CHECKABLE = (STATUS_CODE, NUMBER, QUOTED, NAMED_TEST, VERB, OTHER_SCRIPT)


@dataclass(frozen=True, order=True)
class Evidence:
    """One signal found in a text: its line and 1-based column, its kind, what matched."""

    line: int
    column: int
    kind: str
    text: str


# ---------------------------------------------------------------- the word lists

# Unresolved markers: a text that still holds one is not ready for an agent.
MARKERS = ("TBD", "TBC", "TODO", "FIXME", "???", "[NEEDS CLARIFICATION]")
# Words that promise a quality without a measure; a number in the same sentence measures it.
VAGUE_TERMS = (
    "fast",
    "quick",
    "quickly",
    "slow",
    "responsive",
    "performant",
    "efficient",
    "efficiently",
    "scalable",
    "robust",
    "reliable",
    "flexible",
    "user-friendly",
    "easy to use",
    "intuitive",
    "seamless",
    "seamlessly",
    "reasonable",
    "adequate",
    "sufficient",
)
# Phrases that leave the scope open; no number fixes them.
OPEN_ENDED = (
    "etc.",
    "and so on",
    "as needed",
    "as appropriate",
    "if necessary",
    "where possible",
    "as soon as possible",
    "and more",
    "handle properly",
    "handled properly",
    "handle gracefully",
    "handled gracefully",
)
# Verbs whose result a reviewer can see or a test can assert (base forms; the usual
# endings are added). A criterion with none of them, and no number, status code, quoted
# message or test name, says nothing anyone can check.
OBSERVABLE_VERBS = (
    "accept",
    "allow",
    "appear",
    "block",
    "close",
    "complete",
    "contain",
    "count",
    "create",
    "delete",
    "deny",
    "disappear",
    "display",
    "download",
    "emit",
    "equal",
    "exit",
    "expire",
    "export",
    "fail",
    "filter",
    "finish",
    "generate",
    "hold",
    "include",
    "insert",
    "link",
    "list",
    "lock",
    "log",
    "match",
    "name",
    "notify",
    "open",
    "order",
    "parse",
    "pass",
    "print",
    "produce",
    "publish",
    "quote",
    "raise",
    "read",
    "receive",
    "record",
    "redirect",
    "refuse",
    "reject",
    "remain",
    "remove",
    "render",
    "reply",
    "report",
    "respond",
    "restore",
    "retry",
    "return",
    "round-trip",
    "save",
    "see",
    "send",
    "show",
    "sort",
    "start",
    "stay",
    "stop",
    "store",
    "stream",
    "succeed",
    "throw",
    "update",
    "upload",
    "warn",
    "write",
)
_IRREGULAR = (
    "shown",
    "seen",
    "saw",
    "written",
    "wrote",
    "sent",
    "held",
    "thrown",
    "threw",
)
# Paragraphs that are a template's own text, not the author's (compared lower case, at the
# start of a paragraph or list item, white space made single): pilotkit's template, its
# older versions, and the issue templates trackers ship.
FILLER_PHRASES = (
    "not written yet:",
    "the steps above are done and every existing test still passes",
    "this task serves the feature without a requirement of its own",
    "this task covers no requirement yet",
    "write the architecture, the constraints and the decisions already made",
    "write every function, class, endpoint, event or file format that more than one task",
    "write the tables, files and payloads the feature reads or writes",
    "write what could send an agent down a rabbit hole",
    "write each question with the task it blocks and who answers it",
    "no end point was given.",
    "no success criteria were given.",
    "no stop criteria were given.",
    "a clear and concise description of",
    "describe the bug",
    "steps to reproduce the behavior",
    "if applicable, add screenshots",
    "add any other context about the problem here",
    "is your feature request related to a problem? please describe",
    "describe the solution you'd like",
    "describe alternatives you've considered",
    "lorem ipsum",
    "replace this text",
    "fill in ",
)
# Words too common to say what a text is about (for `words` and `restated`).
_COMMON = """
the and for are but not you all any can had has have her was one our out its into that this
with from they will would there their what when which who how than then them these those
each every must should may might also been being does done such only over under about after
before again very just more most other some same both above below
"""
STOPWORDS = frozenset(_COMMON.split())

# ---------------------------------------------------------------- markers and vague words


def markers(text: str, first_line: int = 1, extra: Iterable[str] = ()) -> tuple[Evidence, ...]:
    """Every unresolved marker (`MARKERS`, and EXTRA) in the prose of TEXT."""
    pattern = _markers((*MARKERS, *extra))
    if not pattern.search(text):  # most texts have none: skip the line-by-line pass
        return ()
    return tuple(
        Evidence(line, match.start() + 1, MARKER, match.group(0))
        for line, words in prose(text, first_line)
        for match in pattern.finditer(words)
    )


def vague(text: str, first_line: int = 1, extra: Iterable[str] = ()) -> tuple[Evidence, ...]:
    """Every vague term without a measure, and every open end, in the prose of TEXT.

    A quality word (`VAGUE_TERMS`, and EXTRA) counts when its sentence has no number; an
    open end (`OPEN_ENDED`) counts always.
    """
    terms = tuple(extra)
    if not _vague((*VAGUE_TERMS, *terms, *OPEN_ENDED)).search(text):
        return ()
    return tuple(
        hit for line, words in prose(text, first_line) for hit in vague_in_line(words, line, terms)
    )


def vague_in_line(text: str, line: int = 1, extra: Iterable[str] = ()) -> list[Evidence]:
    """`vague` for one line of prose TEXT (code already blanked), at LINE."""
    quality, open_ended = _vague((*VAGUE_TERMS, *extra)), _vague(OPEN_ENDED)
    found = []
    for start, sentence in _sentences(text):
        hits = [(m, OPEN_END) for m in open_ended.finditer(sentence)]
        if not _DIGIT.search(sentence):
            hits += [(m, VAGUE) for m in quality.finditer(sentence)]
        for match, kind in sorted(hits, key=lambda hit: hit[0].start()):
            found.append(Evidence(line, start + match.start() + 1, kind, match.group(0)))
    return found


def open_ends(
    text: str, first_line: int = 1, extra_markers: Iterable[str] = ()
) -> tuple[Evidence, ...]:
    """What TEXT leaves open: open-ended phrases, unresolved markers, unanswered questions.

    A question is a sentence of prose that ends with `?` (headings are titles, not questions).
    """
    found = [hit for hit in vague(text, first_line) if hit.kind == OPEN_END]
    found += markers(text, first_line, extra_markers)
    for line, words in prose(text, first_line):
        if markdown.HEADING.match(words):
            continue
        for start, sentence in _sentences(words):
            if sentence.rstrip().endswith("?") and not sentence.rstrip().endswith("???"):
                column = start + len(sentence) - len(sentence.lstrip()) + 1
                found.append(Evidence(line, column, QUESTION, sentence.strip()))
    return tuple(sorted(found))


# ---------------------------------------------------------------- checkable criteria


def checkable(
    text: str, first_line: int = 1, extra_verbs: Iterable[str] = ()
) -> tuple[Evidence, ...]:
    """What makes a criterion TEXT checkable: a status code, a number (task and requirement
    ids are not numbers), a quoted message (or code), a named test, an observable verb
    (`OBSERVABLE_VERBS`, and EXTRA_VERBS).

    A text written mostly in a script other than Latin is not judged by these English
    signals: it gets one `OTHER_SCRIPT` evidence, so a caller gives it the benefit of the doubt.
    """
    found: list[Evidence] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in ((STATUS_CODE, _STATUS), (NUMBER, _NUMBER), (QUOTED, _QUOTED)):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue  # the number inside a status code or a quote is not another signal
            taken.append(match.span())
            found.append(_evidence(text, match, first_line, kind))
    found += [_evidence(text, m, first_line, NAMED_TEST) for m in _TESTS.finditer(text)]
    forms = _verbs(tuple(extra_verbs))
    found += [
        _evidence(text, m, first_line, VERB)
        for m in _WORD_SPAN.finditer(text)
        if m.group(0).lower() in forms
    ]
    found += [_evidence(text, m, first_line, VERB) for m in _PHRASAL.finditer(text)]
    if not found and _other_script(text):
        found.append(Evidence(first_line, 1, OTHER_SCRIPT, text.strip()[:40]))
    return tuple(sorted(found))


def restated(criterion: str, steps: Sequence[tuple[int, str]]) -> Evidence | None:
    """The step (line, text) that CRITERION only says again, if any: a step holding at
    least four in five of the criterion's words (`words`)."""
    wanted = words(criterion)
    if not wanted:
        return None
    for line, step in steps:
        if len(wanted & words(step)) * 5 >= len(wanted) * 4:
            return Evidence(line, 1, RESTATED, step.strip())
    return None


def words(text: str) -> frozenset[str]:
    """The words of TEXT that say what it is about: lower case, three letters or more,
    without `STOPWORDS` (for overlap measures such as `restated` and `overlap`)."""
    return frozenset(w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in STOPWORDS)


def overlap(a: str, b: str) -> float:
    """How much two texts say alike: shared `words` over all their words (0 to 1)."""
    first, second = words(a), words(b)
    union = first | second
    return len(first & second) / len(union) if union else 0.0


# ---------------------------------------------------------------- template filler


def filler(text: str, first_line: int = 1, extra: Iterable[str] = ()) -> tuple[Evidence, ...]:
    """Every paragraph or list item of TEXT that is a template's own text (`FILLER_PHRASES`,
    and EXTRA), and every placeholder (`[describe …]`, `<your …>`, `{{ … }}`)."""
    phrases = _phrases(tuple(extra))
    lowered = " ".join(text.lower().split())
    if not any(phrase in lowered for phrase in phrases) and not _PLACEHOLDER.search(text):
        return ()  # most texts hold neither: skip the block-by-block pass
    found = []
    for line, block in blocks(text, first_line):
        plain = _plain(block)
        if plain.startswith(phrases):
            found.append(Evidence(line, 1, FILLER, _short(block)))
        for match in _PLACEHOLDER.finditer(block):
            found.append(_evidence(block, match, line, PLACEHOLDER))
    return tuple(sorted(found))


def only_filler(text: str, first_line: int = 1, extra: Iterable[str] = ()) -> tuple[Evidence, ...]:
    """The filler of TEXT when nothing else is in it (HTML comments aside), else nothing.

    Text that is empty is not filler: `blank` says that.
    """
    hits = filler(text, first_line, extra)
    lines = {hit.line for hit in hits}
    if hits and all(line in lines for line, _ in blocks(text, first_line)):
        return hits
    return ()


def blank(text: str) -> bool:
    """Whether TEXT holds nothing but white space, headings and HTML comments."""
    for line in _COMMENT.sub("", text).splitlines():
        if line.strip() and not markdown.HEADING.match(line):
            return False
    return True


def blocks(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The paragraphs and list items of Markdown TEXT, each as (first line, text).

    Headings and HTML comments are left out; a fenced code block is one block.
    """
    found: list[tuple[int, list[str]]] = []
    current: list[str] | None = None  # the paragraph or list item being read
    fenced = False
    lines = _COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text).splitlines()
    for number, (line, code) in enumerate(markdown.in_code(lines), start=first_line):
        if code:
            if not fenced:
                found.append((number, []))
            found[-1][1].append(line.strip())
            current, fenced = None, True
            continue
        fenced = False
        stripped = line.strip()
        if not stripped or markdown.HEADING.match(line):
            current = None
        elif current is None or _ITEM.match(line):
            current = [stripped]
            found.append((number, current))
        else:
            current.append(stripped)
    return [(number, " ".join(parts)) for number, parts in found]


def list_items(text: str, first_line: int = 1) -> list[tuple[int, str]]:
    """The list items of Markdown TEXT (`-`, `*`, `+`, `1.`, checkboxes), each as its first
    line and its text without the bullet, continuation lines joined."""
    items = []
    for line, block in blocks(text, first_line):
        match = _ITEM.match(block)
        if match and match.group(1).strip():
            items.append((line, match.group(1).strip()))
    return items


# ---------------------------------------------------------------- scope


def scope(text: str, first_line: int = 1) -> tuple[Evidence, ...]:
    """The scope TEXT names: endpoints (`GET /invoices`), paths (`src/billing/`, `app.py`,
    or any path in code), and modules or functions written as code (`billing.export`,
    `select_invoices()`)."""
    found: list[Evidence] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in ((ENDPOINT, _ENDPOINT), (PATH, _PATH)):
        for match in pattern.finditer(text):
            if not any(start <= match.start() < end for start, end in taken):
                taken.append(match.span())
                found.append(_evidence(text, match, first_line, kind))
    for span in _CODE_SPAN.finditer(text):
        inner = span.group(1)
        if any(start <= span.start(1) < end for start, end in taken):
            continue
        if _MODULE.fullmatch(inner) or ("/" in inner and " " not in inner.strip()):
            kind = PATH if "/" in inner else MODULE
            found.append(_evidence(text, span, first_line, kind, group=1))
    return tuple(sorted(found))


# ---------------------------------------------------------------- the patterns

_DIGIT = re.compile(r"\d")
_SENTENCE = re.compile(r"(?<=[.!?;])\s+(?=[A-Z(])")
_WORD = re.compile(r"[a-z0-9]+")
# Observable verbs of two words, which the word-by-word lookup of `_verbs` cannot see.
_PHRASAL = re.compile(r"(?<![\w-])tim(?:es?|ed|ing) out(?![\w-])", re.IGNORECASE)
_WORD_SPAN = re.compile(r"(?<![\w-])[^\W\d_]+(?:-[^\W\d_]+)*(?![\w-])")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,:]\d+)*(?:\s?%)?")
_STATUS = re.compile(
    r"\b(?:HTTP(?:/[\d.]+)?|status(?: code)?|code|exit(?: code| status)?)\s*[1-5]\d{2}\b"
    r"|\bexit(?: code| status)?\s*\d+\b",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r'"[^"\n]+"|“[^”\n]+”|„[^“”\n]+[“”]|«[^»\n]+»|‘[^’\n]+’|`[^`\n]+`|(?<!\w)\'[^\'\n]+\'(?!\w)'
)
_TESTS = re.compile(
    r"\btest_\w+|\b\w+_test\b|\b[A-Z]\w*Tests?\b|\b[\w-]+\.(?:test|spec)\.\w+"
    r"|\btests?/[\w./*-]+"
)
_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+(?:\[[ xX]\]\s+)?(.*)$")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PLACEHOLDER = re.compile(
    r"\[(?:describe|insert|add|enter|your|fill|placeholder|type of|name of|link to)\b[^\]\n]*\]"
    r"|<(?:describe|insert|add|enter|your|fill|placeholder)\b[^>\n]*>"
    r"|\{\{[^}\n]*\}\}",
    re.IGNORECASE,
)
_CODE_SPAN = re.compile(r"`([^`\n]+)`")
_EXTENSIONS = (
    "py|pyi|ts|tsx|js|jsx|mjs|go|rs|java|kt|rb|php|cs|c|h|cc|cpp|hpp|swift|scala|sql|sh|"
    "md|rst|txt|yaml|yml|json|toml|ini|cfg|xml|html|css|scss|vue|svelte|proto|graphql|tf"
)
_PATH = re.compile(
    rf"(?<![\w:/.@-])(?:[\w.*-]+/)+(?:[\w.*-]+\.(?:{_EXTENSIONS})\b|\*\*?|[\w.*-]+/[\w.*/-]*)"
    rf"|(?<![\w:/.@-])[\w-]+\.(?:{_EXTENSIONS})\b"
    rf"|(?<![\w:/.@-])(?:[\w.-]+/)+(?=[\s,;)]|$)"
)
_ENDPOINT = re.compile(r"\b(?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+/[\w{}:.*/-]*")
_MODULE = re.compile(r"[A-Za-z_]\w*(?:(?:\.|::)[A-Za-z_]\w*)+(?:\(\))?|[A-Za-z_]\w*\(\)")


def _evidence(
    text: str, match: re.Match[str], first_line: int, kind: str, group: int = 0
) -> Evidence:
    """Evidence for MATCH in TEXT, whose first line is FIRST_LINE."""
    start = match.start(group)
    line = first_line + text.count("\n", 0, start)
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return Evidence(line, column, kind, match.group(group))


def _sentences(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in _SENTENCE.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def _plain(block: str) -> str:
    """BLOCK lower case, without its bullet and emphasis, quotes straight, spaces single."""
    item = _ITEM.match(block)
    text = item.group(1) if item else block
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return " ".join(text.replace("*", "").replace("_", " ").lower().split())


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _other_script(text: str) -> bool:
    """Whether most letters of TEXT are outside the Latin alphabets."""
    letters = [char for char in text if char.isalpha()]
    latin = sum(1 for char in letters if char <= "\u024f")
    return bool(letters) and latin * 2 < len(letters)


@lru_cache(maxsize=16)
def _phrases(extra: tuple[str, ...]) -> tuple[str, ...]:
    return (*FILLER_PHRASES, *(" ".join(p.lower().split()) for p in extra if p.strip()))


@lru_cache(maxsize=16)
def _markers(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in words:
        if word.startswith("[") and word.endswith("]"):
            parts.append(re.escape(word[:-1]) + r"[^\]]*\]")
        elif word[0].isalnum():
            parts.append(rf"\b{re.escape(word)}\b")
        else:
            parts.append(re.escape(word))
    return re.compile("|".join(parts))


@lru_cache(maxsize=16)
def _vague(words: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for word in words:
        tail = "" if word.endswith(".") else r"(?![\w-])"
        parts.append(rf"(?<![\w-]){re.escape(word)}{tail}")
    return re.compile("|".join(parts), re.IGNORECASE)


@lru_cache(maxsize=16)
def _verbs(extra: tuple[str, ...]) -> frozenset[str]:
    """Every form of the observable verbs, lower case, to look words up in."""
    forms = {form for verb in (*OBSERVABLE_VERBS, *extra) for form in _forms(verb.lower())}
    return frozenset(forms | set(_IRREGULAR))


def _forms(verb: str) -> set[str]:
    """VERB with the usual English endings (some of them never used, which is harmless)."""
    forms = {verb, f"{verb}s", f"{verb}es", f"{verb}ed", f"{verb}d", f"{verb}ing"}
    if verb.endswith("e"):
        forms.add(f"{verb[:-1]}ing")
    if verb.endswith("y") and verb[-2:-1] not in ("a", "e", "i", "o", "u"):
        forms |= {f"{verb[:-1]}ies", f"{verb[:-1]}ied"}
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", verb):
        forms |= {f"{verb}{verb[-1]}ed", f"{verb}{verb[-1]}ing"}
    return forms
