"""The backlog: tickets read from tracker exports, scored for readiness against the team's
own reference tickets, epics judged as pilots, a ready ticket turned into a task."""
