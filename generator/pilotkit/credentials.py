"""Literal secrets: tokens with a known prefix, and random-looking values in settings that
should only ever hold a reference to an environment variable."""

from __future__ import annotations

import math
import re
from collections import Counter

# Credentials with a known prefix; the same list as the pilot's `no-literal-tokens` hook.
TOKENS = re.compile(
    r"ghp_[A-Za-z0-9]{20,}|gh[ousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
    r"|\bsk-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
    r"|ATATT[A-Za-z0-9_=-]{20,}|glpat-[A-Za-z0-9_-]{20,}"
)
SECRET_KEYS = ("env", "headers", "environment", "http_headers", "bearer_token")
_REFERENCE = re.compile(
    r"\$\{(?:env:|input:)?[A-Za-z_][A-Za-z0-9_.-]*(?::-[^}]*)?\}|\{(?:env|file):[^}]+\}"
    r"|\$[A-Za-z_][A-Za-z0-9_]*|\$\{\{[^}]*\}\}"
)
_WORD = re.compile(r"[A-Za-z0-9+/=_.~-]{20,}")
PREFIX = re.compile(r"github_pat_|gh[pousr]_|sk-|xox[a-z]-|AKIA|ATATT|glpat-")


def looks_secret(value: str) -> bool:
    """A long, high-entropy word that is not a variable reference, path or URL."""
    rest = _REFERENCE.sub(" ", value)
    for word in _WORD.findall(rest):
        if "://" in value or word.startswith(("/", "./")) or not re.search(r"\d", word):
            continue
        counts = Counter(word)
        entropy = -sum(n / len(word) * math.log2(n / len(word)) for n in counts.values())
        if entropy >= 3.5:
            return True
    return False
