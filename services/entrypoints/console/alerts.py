"""待办提醒: the console page of the protection alerts (issue 20, items 3 and 4) for the roles that get them and had no
page of their own: police, procurators and judges (child_protection: a new 强制报告, a late 训诫 or judicial step),
schools and health workers (mental_health: an assessment, a plan review, a referral's outcome), 共青团's youth worker
and 民政's caseworker (mental_health, alert-only: a referral's outcome); and, where a role receives them, its 比对
tasks (the school's, under `enrolment`).

The alerts are exactly what the API's GET /protection/alerts delivers to the same (principal, purpose): the page calls
`caller_alerts` (services/entrypoints/api/protection.py), which checks the caller, scopes the alerts to the caller's
department and area, names the child by the purpose's reference for an alert-only purpose, and audits each delivery
(one `deliver` record per child, one `read` for the call). The 比对 tasks are `caller_discrepancies`' (each delivery
audited the same way). A child's record is linked only where the purpose reads fields (the gate decides again when it
is opened); an alert-only purpose's reference is shown as text. The page is a GET that changes nothing (no form of its
own besides the sign-out's, which carries the CSRF token); its only query parameter is `days`, digits only."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from privacy.access_policy import Decision
from projections.harm_cases import CHINA
from services.entrypoints.api.deps import Caller
from services.entrypoints.console.routes import _guarded, _number, _render
from services.usecases.access import BadRequest

router = APIRouter(prefix="/console", include_in_schema=False)
PATH = "/console/protection-alerts"
DEFAULT_DAYS, MAX_DAYS = 30, 400  # the API's window is at most 400 days too (protection.MAX_WINDOW_DAYS)
# 民政's crisis intervention has its own page (危机干预, which lists the same alerts): the page answers it, but
# neither the nav nor the home page leads it here. (The director's 比对 tasks and alerts have their own pages: it is
# refused here.)
OWN_PAGE = {("caseworker", "crisis_intervention")}


def _receives_alerts(request: Request, who: Caller) -> bool:
    """Whether the API delivers protection alerts to this caller (its own test, without the refusal on the trail: the
    page refuses once, below, when the caller receives nothing at all)."""
    from services.entrypoints.api.protection import receives_alerts

    return receives_alerts(request.app.state.ctx.policy, who)


def _receives_tasks(request: Request, who: Caller) -> bool:
    """Whether this caller receives 比对 tasks (a school under `enrolment`); the director has its own page."""
    from projections.discrepancies import load_rules
    from services.usecases.reconcile import departments_of

    if who.principal.role == "children_director":
        return False
    return bool(departments_of(load_rules(), who.principal, who.purpose)) and bool(who.principal.area) and (
        request.app.state.ctx.policy.rule(who.principal.role, who.purpose) is not None)


def in_nav(request: Request, session: Any) -> bool:
    """The base template's test for the 待办提醒 link: a receiver with no other page for what it receives."""
    if session is None or not session.purpose:
        return False
    who = Caller(session.principal, session.purpose, "")
    if (who.principal.role, who.purpose) in OWN_PAGE:
        return False
    return _receives_alerts(request, who) or _receives_tasks(request, who)


def lands_here(request: Request, who: Caller) -> bool:
    """Whether the console's home sends this caller here: a receiver of protection alerts with no other page for
    them (a school under `enrolment` receives 比对 tasks only, and still lands on 查找儿童)."""
    return (who.principal.role, who.purpose) not in OWN_PAGE and _receives_alerts(request, who)


def _moment(alert: dict[str, Any]) -> datetime:
    """When the alert's step was due, as a Beijing time (a day: its start); what does not parse sorts last."""
    value = alert.get("due_at") or alert.get("due_on") or ""
    try:
        if len(str(value)) == 10:
            return datetime.combine(date.fromisoformat(str(value)), datetime.min.time(), CHINA)
        at = datetime.fromisoformat(str(value))
        return (at if at.tzinfo is not None else at.replace(tzinfo=CHINA)).astimezone(CHINA)
    except ValueError:
        return datetime.min.replace(tzinfo=CHINA)


def _row(alert: dict[str, Any], now: datetime, linked: bool) -> dict[str, Any]:
    from services.entrypoints.console import labels

    due = _moment(alert)
    kind = str(alert.get("kind", ""))
    step, what = labels.ALERT_STEPS.get(kind, (labels.ALERTS.get(kind, kind), ""))
    late = kind.endswith(("_late", "_overdue"))
    return {"child_key": alert.get("child_key"), "report_id": alert.get("report_id"), "linked": linked,
            "kind": kind, "step": step, "what": what, "area": alert.get("area", ""),
            "school_year": alert.get("school_year"),
            "when": due.strftime("%Y-%m-%d" if alert.get("due_on") else "%Y-%m-%d %H:%M"),
            "late": late, "days_late": max(0, (now.astimezone(CHINA).date() - due.date()).days) if late else 0,
            "new": kind in ("harm_reported", "unrecorded_harm_report"), "at": due}


def _task_row(task: dict[str, Any]) -> dict[str, Any]:
    return {**task, "fields_to_change": list(task.get("fields_to_change") or [])}


@router.get("/protection-alerts", response_class=HTMLResponse)
def protection_alerts(request: Request, days: str = "") -> Response:
    from services.entrypoints.api.protection import caller_alerts
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.protection_work import alert_only
    from services.usecases.reconcile import caller_discrepancies

    def build(session: Any, who: Caller) -> Response:
        ctx = request.app.state.ctx
        alerts_too, tasks_too = _receives_alerts(request, who), _receives_tasks(request, who)
        if not (alerts_too or tasks_too):  # refused on the trail, as the API refuses it
            raise ctx.access.deny(who.principal, who.purpose, "protection alerts", None, who.origin, Decision(
                False, getattr(ctx.policy.rule(who.principal.role, who.purpose), "id", None),
                "你的角色以这个目的不接收待办提醒（儿童主任请看“提醒”和“比对任务”）"))
        window = _number(days[:12], DEFAULT_DAYS)  # digits only: anything else is a 422 that echoes nothing
        if not 1 <= window <= MAX_DAYS:
            raise BadRequest(f"天数须在 1 到 {MAX_DAYS} 之间")
        now = datetime.now().astimezone()
        only = alert_only(ctx.policy, who.principal.role, who.purpose)  # alerts name the child by a reference
        rows: list[dict[str, Any]] = []
        if alerts_too:
            delivered = caller_alerts(request, who, now - timedelta(days=window), now)  # audited there
            rows = sorted((_row(a, now, not only and bool(a.get("child_key"))) for a in delivered),
                          key=lambda r: r["at"], reverse=True)
        tasks: list[dict[str, Any]] = []
        if tasks_too:
            jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal("job:discrepancies"), ctx.policy)
            found = caller_discrepancies(jobs, who.principal, who.purpose, date.today(), "", who.origin)
            tasks = sorted((_task_row(t) for t in found), key=lambda t: str(t.get("due_on")), reverse=True)
        return _render(request, "protection_alerts.html", session, rows=rows, tasks=tasks, alerts_too=alerts_too,
                       tasks_too=tasks_too, days=window, alert_only=only)
    return _guarded(request, build)
