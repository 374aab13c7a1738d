"""The 民政 caseworker's console page for crisis intervention (issue 20, item 3; Zhejiang:
"建立健全监护缺失、监护不当困境儿童危机干预制度"): the protection alerts addressed to civil affairs in
the caseworker's area, the harm cases of the area's children with what the purpose `crisis_intervention` may see, and
the harm reports on a child with no record (unrecorded reports), which the caseworker opens (a POST with the CSRF
token, audited before it is opened) and shreds (a POST with the CSRF token and a ticked confirmation). Only the role
`caseworker` with that purpose: every other caller is refused on the trail; the reads go through the gate
(services/usecases/access.py) and the use case of the unrecorded reports (services/usecases/unrecorded_harm.py),
which audit them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from privacy.access_policy import Decision
from projections.harm_cases import CHINA, STAGE_LABEL, guardianship_stage, latest_report, steps
from services.entrypoints.api.deps import Caller
from services.entrypoints.console.routes import _guarded, _posted, _problem, _render
from services.usecases import unrecorded_harm as unrecorded
from services.usecases.access import AccessDenied, BadRequest, NotFound

router = APIRouter(prefix="/console", include_in_schema=False)
ROLE, PURPOSE = unrecorded.RECEIVER  # ("caseworker", "crisis_intervention")
ALERT_DAYS = 30  # the page shows the alerts of the last 30 days
MAX_CHILDREN = 500
# Steps the page shows: 训诫 (police) and 危机干预 (民政) are computed from protection.* alone, in the purpose; the
# judicial step depends on judicial.* (not in crisis_intervention), so it is not shown.
SHOWN_STEPS = {"police": "训诫（公安）", "crisis": "危机干预（民政）"}


def _local(value: Any) -> str:
    """A time as the page shows it: Beijing time to the minute (a day stays a day); what does not parse, as is."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value) if len(value) > 10 else value
        except ValueError:
            return str(value)[:16]
    if isinstance(value, datetime):
        at = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")
    return str(value or "")[:16]


def _caseworker(request: Request, who: Caller) -> None:
    if (who.principal.role, who.purpose) != (ROLE, PURPOSE) or not who.principal.area:
        raise request.app.state.ctx.access.deny(
            who.principal, who.purpose, "casework", None, who.origin,
            Decision(False, None, "此页面只供民政个案工作者以“危机干预”目的使用"))


def _cases(request: Request, who: Caller, now: datetime) -> tuple[list[dict[str, Any]], int]:
    """民政's open crisis work in the caseworker's area (services/usecases/protection_work.py `crisis_cases`: the
    protection job, audited under its own principal as the alerts are; every child scanned, so none is missed past a
    listing limit), each child then read through the gate (each read audited under the caseworker; a child the gate
    does not release is left out), with the police and crisis steps of the newest report and the guardianship stage.
    Returns the rows and how many cases were over the page's limit."""
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.protection_work import crisis_cases

    ctx = request.app.state.ctx
    jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal("job:casework"), ctx.policy)
    found = sorted(crisis_cases(jobs, now, who.principal.area or "",
                                own=lambda record: ctx.access.own_reports(who.principal, record)))
    keys, more = found[:MAX_CHILDREN], max(0, len(found) - MAX_CHILDREN)
    rows = []
    for key in keys:
        try:
            view = ctx.access.read(who.principal, who.purpose, key, None, who.origin, action="list")
        except (NotFound, AccessDenied):
            continue
        report = latest_report(view.fields)
        if report is None:
            continue
        shown = [{"label": SHOWN_STEPS[s.kind], "due": _local(s.due_at), "done": s.done, "overdue": s.overdue(now)}
                 for s in steps(view.fields) if s.kind in SHOWN_STEPS]
        stage = guardianship_stage(view.fields)
        rows.append({"key": view.child_key, "name": view.fields.get("identity.name"),
                     "kind": report.kind, "at": report.at, "when": _local(report.at),
                     "stage": STAGE_LABEL.get(stage or "", ""),
                     "steps": shown, "open": any(not s["done"] for s in shown),
                     "overdue": any(s["overdue"] for s in shown)})
    rows.sort(key=lambda r: (not r["open"], -r["at"].timestamp()))
    return rows, more


def _page(request: Request, session: Any, who: Caller, notice: str = "", status: int = 200) -> HTMLResponse:
    from services.entrypoints.api.protection import caller_alerts

    ctx = request.app.state.ctx
    now = datetime.now().astimezone()
    alerts = caller_alerts(request, who, now - timedelta(days=ALERT_DAYS), now)
    alerts = sorted(({**a, "when": _local(a.get("due_at") or a.get("due_on"))} for a in alerts),
                    key=lambda a: str(a["when"]), reverse=True)
    cases, more = _cases(request, who, now)
    reports = [{**r, "when": _local(r["filed_at"])} for r in
               unrecorded.listing(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal,
                                  who.purpose, who.origin)]
    return _render(request, "casework.html", session, status=status, alerts=alerts, cases=cases, reports=reports,
                   notice=notice, days=ALERT_DAYS, more=more)


@router.get("/casework", response_class=HTMLResponse)
def casework(request: Request) -> Response:
    def build(session: Any, who: Caller) -> Response:
        _caseworker(request, who)
        return _page(request, session, who)
    return _guarded(request, build)


def _not_found(request: Request, session: Any) -> HTMLResponse:
    return _problem(request, session, 404, "未找到", "你的区域内没有这份报告，或它已被销毁。")


@router.post("/casework/unrecorded/{report_id}/open", response_class=HTMLResponse)
async def open_unrecorded(request: Request, report_id: str) -> Response:
    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        ctx = request.app.state.ctx
        _caseworker(request, who)
        try:  # audited ("decrypt", the report id, never the child) before it is opened
            report = unrecorded.open_report(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal,
                                            who.purpose, who.origin, report_id[:64])
        except NotFound:
            return _not_found(request, session)
        return _render(request, "casework_report.html", session, report=report,
                       reported=_local(report.get("reported_at")), filed=_local(report.get("filed_at")))
    return await _posted(request, build)


@router.post("/casework/unrecorded/{report_id}/shred", response_class=HTMLResponse)
async def shred_unrecorded(request: Request, report_id: str) -> Response:
    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        ctx = request.app.state.ctx
        _caseworker(request, who)
        if form.get("confirm") != "yes":
            raise BadRequest("销毁不可恢复：请勾选“已处理完毕，确认销毁”后再提交")
        try:
            unrecorded.shred(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal, who.purpose,
                             who.origin, report_id[:64])
        except NotFound:
            return _not_found(request, session)
        return _page(request, session, who, notice="报告已销毁（密钥已删除，无法再打开）。")
    return await _posted(request, build)
