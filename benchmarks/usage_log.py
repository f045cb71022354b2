"""A synthetic Claude Code transcript of any size, for the usage import benchmark.

`write_claude_log(path, cwd, lines)` writes LINES lines in Claude Code 2.x's format:
user prompts and tool results between assistant responses, each response written as
two or three lines (one per content block) with the same message id, request id and
usage, as Claude Code does; a few summary lines. Deterministic for a given size.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

MODELS = ("claude-sonnet-4-5-20250929", "claude-opus-4-5-20251101", "claude-haiku-4-5-20251001")


def write_claude_log(path: Path, cwd: Path, lines: int = 100_000) -> int:
    """Write the transcript; return the number of distinct API responses in it."""
    rng = random.Random(lines)  # noqa: S311 (not for security)
    path.parent.mkdir(parents=True, exist_ok=True)
    responses = written = 0
    base = {
        "isSidechain": False,
        "userType": "external",
        "cwd": str(cwd),
        "sessionId": "bench-session",
        "version": "2.0.14",
    }
    with path.open("w", encoding="utf-8") as out:
        while written < lines:
            minute = written // 10
            day, hour = 1 + minute // 1440 % 28, minute // 60 % 24
            stamp = f"2026-12-{day:02d}T{hour:02d}:{minute % 60:02d}:00Z"
            branch = f"task/T{rng.randint(1, 6):02d}-work"
            user = {
                **base,
                "type": "user",
                "gitBranch": branch,
                "timestamp": stamp,
                "uuid": f"u{written}",
                "parentUuid": None,
                "message": {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": "toolu",
                            "content": "x" * rng.randint(100, 900),
                        }
                    ],
                },
            }
            out.write(json.dumps(user) + "\n")
            written += 1
            responses += 1
            # Drawn in the order the log has always used, so the same seed gives the same log.
            input_tokens, output_tokens = rng.randint(1, 50), rng.randint(10, 900)
            cache_read, cache_1h = rng.randint(0, 90_000), rng.randint(0, 3000)
            usage = {
                "input_tokens": input_tokens,
                "output_tokens": output_tokens,
                "cache_read_input_tokens": cache_read,
                "cache_creation_input_tokens": cache_1h,
                "cache_creation": {
                    "ephemeral_5m_input_tokens": 0,
                    "ephemeral_1h_input_tokens": cache_1h,
                },
                "service_tier": "standard",
            }
            blocks = [
                {"type": "text", "text": "y" * rng.randint(50, 400)},
                {"type": "tool_use", "id": "toolu", "name": "Edit", "input": {"x": 1}},
            ]
            for block in blocks[: rng.randint(1, 2)] + [blocks[0]] * rng.randint(0, 1):
                if written >= lines:
                    break
                line = {
                    **base,
                    "type": "assistant",
                    "gitBranch": branch,
                    "timestamp": stamp,
                    "uuid": f"a{written}",
                    "parentUuid": f"u{written}",
                    "requestId": f"req_{responses}",
                    "message": {
                        "id": f"msg_{responses}",
                        "type": "message",
                        "role": "assistant",
                        "model": rng.choice(MODELS),
                        "content": [block],
                        "stop_reason": None,
                        "usage": usage,
                    },
                }
                out.write(json.dumps(line) + "\n")
                written += 1
            if rng.random() < 0.001 and written < lines:
                out.write(json.dumps({"type": "summary", "summary": "z", "leafUuid": "a"}) + "\n")
                written += 1
    return responses
