"""Where each rule is documented, and how to fix what it flags: the help a code-scanning
page shows beside a finding (SARIF's `helpUri` and `help`).

`FIXES` is plain data keyed by rule id, one Markdown sentence each; the rules reference
(docs/reference/rules.md) says the same sentence in each rule's section, and a test keeps
the two and the registry in step. Each section there carries a stable anchor named after
the rule's id (`#pk-t013`), so a link survives a reworded heading.
"""

from __future__ import annotations

from collections.abc import Mapping

# The rules reference as published with pilotkit's source: the one base to change if the
# documentation moves.
URL = "https://github.com/pilotkit/pilotkit/blob/main/docs/reference/rules.md"


def uri(rule_id: str) -> str:
    """The address of RULE_ID's section in the rules reference."""
    return f"{URL}#{rule_id.lower()}"


FIXES: Mapping[str, str] = {
    "PK-P001": "restore the file from git (`git checkout -- .copier-answers.yml`); copier "
    "writes it, never a person.",
    "PK-P002": "save the file as UTF-8 text; split a huge spec into smaller files — agents "
    "read each file whole.",
    "PK-P003": "correct the setting the finding names: rule ids or prefixes as a list in "
    "`select` and `ignore`, severities `error` or `warning`.",
    "PK-P004": "keep what both sides meant between the `<<<<<<<` and `>>>>>>>` markers, delete "
    "the markers (and any `.rej` file once applied by hand), then `git add` the file and commit.",
    "PK-P005": "run `pilotkit update` and resolve what it reports; `--to VERSION` names the "
    "version.",
    "PK-S001": "write one section per requirement, `## R1 — Title`, a statement, and an "
    "`### Acceptance criteria` list.",
    "PK-S002": "start the heading with the next free id, `## R5 — Export retention`; put notes "
    "that are not requirements above the first `## ` heading.",
    "PK-S003": "give the later one the next free id; never renumber or reuse an id — mark a "
    "dropped requirement `(withdrawn)` instead.",
    "PK-S004": "add a list of criteria, each checkable by a test or a stated manual check.",
    "PK-S005": "settle the question and write the answer.",
    "PK-S006": "say how much — a number, its unit and how it is measured (`renders in under "
    "200 ms`) — or drop the word.",
    "PK-S007": "write the end point as a number someone can measure (`an admin exports 12 "
    "months of invoices in under 60 seconds`).",
    "PK-S008": "write what the section asks for in place of the guidance, or `None:` and why "
    "when there is nothing to say.",
    "PK-S009": "write the section now, then review the started task's pull request against it.",
    "PK-T001": "start the file with `---`, the fields, and another `---`.",
    "PK-T002": "correct the YAML at the line named; quote a value that starts with `[`, `{` "
    'or `:` (`title: "[oops"`).',
    "PK-T003": "write the field as the finding says: an id is `T` and digits, `status` is one "
    "of `todo`, `claimed`, `in-review`, `done`, `blocked`, and list fields are lists of "
    "non-empty strings.",
    "PK-T004": "correct the typo (`depend_on` is `depends_on`), or remove the field.",
    "PK-T005": "rename the file to start with its id (`tasks/T06-end-to-end.md`).",
    "PK-T006": "add task files, one per task.",
    "PK-T007": "give the later task the next free id and rename its file to match.",
    "PK-T008": "correct the id or drop it.",
    "PK-T009": "remove one dependency of the cycle.",
    "PK-T010": "correct the id or drop it.",
    "PK-T011": "add the id to the `requirements` of the tasks that implement it, or mark the "
    "requirement `(withdrawn)` in its heading.",
    "PK-T012": "add a `## Acceptance criteria` list — how the reviewer knows the task is done.",
    "PK-T013": "make one task depend on the other, or narrow the globs.",
    "PK-T014": "finish the dependency first, or set the task back to the status it really has.",
    "PK-T015": "claim the task for the agent that holds it (`pilotkit tasks claim T01 --as "
    "claude-1`), or set it back to `todo`.",
    "PK-T016": "write paths relative to the target repository's root.",
    "PK-T017": "remove the dependency the finding questions if the later task can start "
    "without it; if every dependency holds, write the number the graph allows in PILOT.md "
    "and reconsider the pilot.",
    "PK-T018": "remove a dependency that does not hold, or choose one agent.",
    "PK-T019": "write what a reviewer sees or a test asserts: a number and its unit, a status "
    "code, the exact message in quotes, the test that passes, or what the system returns, "
    "shows, writes or refuses.",
    "PK-T020": "add the ids of the requirements the task implements, or keep `requirements: "
    "[]` and say why on a `No requirement:` line of its `## Context`.",
    "PK-T021": "split the task into tasks one agent finishes in one pull request, and name "
    "the files each may change.",
    "PK-M001": "`pilotkit update` re-renders it; or write it in that client's shape.",
    "PK-M002": "correct the syntax at the line and column named: `.mcp.json` is strict JSON, "
    "`.codex/config.toml` is TOML.",
    "PK-M003": "write the entry in that client's documented shape (its servers key, and the "
    "fields of a local or a remote server), or re-render the file with `pilotkit update`.",
    "PK-M004": "keep the value in the environment, list its name in `.env.example`, and "
    "reference it in the client's syntax: `${NAME}` (Claude Code, Kiro, Gemini CLI), "
    "`${env:NAME}` (Cursor), `${input:id}` (VS Code), `{env:NAME}` (opencode), "
    "`bearer_token_env_var` / `env_vars` (Codex). Then rotate the leaked token.",
    "PK-M005": "pin an exact version (`npx pkg@1.2.3`, `uvx pkg==1.2.3`, `image:1.2.3`) so "
    "every agent runs the same server.",
    "PK-M006": "make the file match, or re-render it with `pilotkit update`; to change the "
    "servers, change the answers (`copier update -A --data …`).",
    "PK-M007": "give every client the same server.",
    "PK-G001": "`pilotkit update` restores it.",
    "PK-G002": "make the adapter lead to `AGENTS.md`: `@AGENTS.md` on a line of its own in "
    "`CLAUDE.md`, `AGENTS.md` in `context.fileName` (Gemini CLI) or `instructions` "
    "(opencode), a mention in a Markdown adapter.",
    "PK-G003": "give the field the finding names a value the agent accepts (`name: planner`, "
    "not `name: Planner Agent`), or add the required field that is missing.",
    "PK-G004": "keep `AGENTS.md` short; move detail into `specs/` or scoped rule files.",
    "PK-G005": "nothing, or add the agent to the catalog.",
    "PK-E001": "restore the frozen value; record the difference in the report, not in the "
    "estimate.",
    "PK-E002": "add the task's hours under `tasks:` (`T07: 6`), the hours it would take by hand.",
    "PK-E003": "correct the field the finding names: `estimated_by`, `estimated_on`, `tasks` "
    "with positive hours, and a `total` that is their sum.",
    "PK-E004": "keep it if the task was dropped after the start (the report shows it); "
    "otherwise correct the id.",
    "PK-E005": "build a control by hand and log your time without `--agent`; if an agent "
    "did work on it, it no longer measures the estimate: remove `mode: hand` from its task file.",
    "PK-J001": "correct the YAML, or restore the file from git; append with `pilotkit log` to "
    "keep it well formed.",
    "PK-J002": "correct the field the finding names (`minutes: 45`, `date: 2026-12-01`, "
    "`kind: session`); append with `pilotkit log` to keep entries well formed.",
    "PK-J003": "use an id from `tasks/`, or `task: null` for pilot-wide work.",
    "PK-J004": "correct its name; the known fields are listed in the file's header.",
    "PK-J005": "use one of `spec-gap`, `scope`, `ignored-guideline`, `tool-failure`, "
    "`failing-tests`, `rabbit-hole` or `other`, or leave `cause` out.",
    "PK-B001": "run `pilotkit tasks board` and commit `BOARD.md`.",
    "PK-C001": "give the answer a requirement CI can install: `copier update --defaults "
    "--vcs-ref=:current: --data pilotkit_requirement='pilotkit @ "
    "git+https://github.com/ORG/pilotkit@COMMIT'` in the pilot, then commit (or "
    "`pilotkit==VERSION` once pilotkit is on your package index).",
    "PK-C002": "give a requirement for pilotkit as pip reads it (PEP 508), the same way "
    "as for `PK-C001`.",
    "PK-C003": "give GitHub names separated by spaces: `copier update --defaults "
    "--vcs-ref=:current: --data reviewers='@dana-lee @example-org/pilot-leads'`, then commit.",
}
