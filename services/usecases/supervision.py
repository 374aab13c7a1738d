"""儿童督导员 (the township's children's supervisor, issue 20 item 7): the directors of a township, their open tasks
and how many are overdue. Counts and task kinds only: no child's name, no note, no child key; the tasks are computed
by the care job under its own rule (audited under it), the summary's delivery is audited under the supervisor."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from privacy.access_policy import Decision
from privacy.audit import AuditEvent
from services.adapters.tokens import Principal
from services.usecases.access import AccessDenied
from services.usecases.care import CareJobs

SUPERVISOR_ROLE, SUPERVISION_PURPOSE = "child_supervisor", "supervision"
UNASSIGNED = "(unassigned)"  # tasks of children with no director yet (a handover, a migrant child's refresh)


def director_summary(jobs: CareJobs, as_of: date, area: str) -> list[dict[str, Any]]:
    """Per director of the area: open and overdue tasks, by kind."""
    open_, late = Counter[tuple[str, str]](), Counter[tuple[str, str]]()
    for task in jobs.tasks(as_of, area):
        who = str(task.get("director_id") or UNASSIGNED)
        open_[(who, task["kind"])] += 1
        if task.get("overdue"):
            late[(who, task["kind"])] += 1
    directors = sorted({d for d, _ in open_})
    return [{"director_id": d,
             "open": sum(n for (x, _), n in open_.items() if x == d),
             "overdue": sum(n for (x, _), n in late.items() if x == d),
             "by_kind": {k: {"open": n, "overdue": late[(x, k)]} for (x, k), n in sorted(open_.items()) if x == d}}
            for d in directors]


def supervise(jobs: CareJobs, caller: Principal, purpose: str, origin: str, as_of: date) -> list[dict[str, Any]]:
    """The summary for a supervisor of their own area (a township: 9 digits, or a county), audited; anyone else is
    refused (audited)."""
    rule = jobs.policy.rule(caller.role, purpose)
    if caller.role != SUPERVISOR_ROLE or purpose != SUPERVISION_PURPOSE or rule is None or not caller.area:
        jobs.audit.append(AuditEvent(caller.name, caller.role, purpose, "deny", "denied", None, (), origin,
                                     "supervision: only a children's supervisor of an area"))
        raise AccessDenied(Decision(False, rule.id if rule else None,
                                    f"role {caller.role!r} with purpose {purpose!r} gets no supervision summary"))
    rows = director_summary(jobs, as_of, caller.area)
    jobs.audit.append(AuditEvent(caller.name, caller.role, purpose, "read", "allowed", None, (), origin,
                                 f"supervision summary of {caller.area} as of {as_of}: {len(rows)} directors"))
    return rows
