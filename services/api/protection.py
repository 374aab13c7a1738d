"""Alerts of protection work for the departments that owe the next step (issue 20, items 3 and 4).

GET /protection/alerts?since=…&as_of=…: the caller's (role, purpose) must have a rule for child_protection,
crisis_intervention or mental_health; the caller gets the alerts addressed to the department its role speaks for, of
children in its own area, and nothing personal (child keys, what is late, since when). The job that computes them is
audited under its own principal, the delivery under the caller's; a refusal is audited too.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from privacy.access_policy import Decision
from privacy.audit import AuditEvent
from services.api.deps import Caller, caller

router = APIRouter()
HARM_PURPOSES = frozenset({"child_protection", "crisis_intervention"})
PURPOSES = HARM_PURPOSES | {"mental_health"}
MAX_WINDOW_DAYS = 400


def _bound(value: str | None, name: str) -> date | datetime:
    if value is None:
        return datetime.now().astimezone()
    try:
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise HTTPException(422, f"{name}: a date (YYYY-MM-DD) or a time (YYYY-MM-DDTHH:MM+08:00)") from None


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


@router.get("/protection/alerts", summary="Late steps of harm reports and overdue mental-health follow-up, for the "
                                          "department that owes them")
def protection_alerts(request: Request, since: str = Query(..., max_length=40),
                      as_of: str | None = Query(None, max_length=40),
                      who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.care import CareJobs, job_principal
    from services.protection_work import ROLE_DEPARTMENT, for_caller, harm_alerts, mental_health_alert_list

    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    if (rule is None or who.purpose not in PURPOSES or who.principal.role not in ROLE_DEPARTMENT
            or not who.principal.area):
        decision = Decision(False, rule.id if rule else None, f"role {who.principal.role!r} with purpose "
                                                              f"{who.purpose!r} receives no protection alerts")
        raise ctx.access.deny(who.principal, who.purpose, "protection alerts", None, who.origin, decision)
    start, end = _bound(since, "since"), _bound(as_of, "as_of")
    if (_day(end) - _day(start)).days > MAX_WINDOW_DAYS or _day(end) < _day(start):
        raise HTTPException(422, f"since..as_of: at most {MAX_WINDOW_DAYS} days, since before as_of")
    jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal(f"job:protection-alerts:{who.principal.role}"),
                    ctx.policy)
    alerts = (harm_alerts(jobs, start, end) if who.purpose in HARM_PURPOSES
              else mental_health_alert_list(jobs, _day(start), _day(end)))
    mine = for_caller(alerts, who.principal.role, who.principal.area)
    # The delivery is on the trail before it leaves, under the caller (the children it names, no fields).
    ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "read", "allowed", None, (),
                                who.origin, f"protection alerts {since}..{as_of or 'now'}: {len(mine)} "
                                            f"({', '.join(sorted({a['child_key'] for a in mine}))[:2000]})"))
    return mine
