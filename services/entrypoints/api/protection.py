"""Alerts of protection work for the departments that owe the next step (issue 20, items 3 and 4).

GET /protection/alerts?since=…&as_of=…: the caller's (role, purpose) must have a rule for child_protection,
crisis_intervention or mental_health; the caller gets the alerts addressed to the department its role speaks for, of
children in its own area, and nothing personal (child keys, what is late, since when). A purpose that reads no field
(the youth worker's and the caseworker's mental_health) gets, in `child_key`, that purpose's reference of the child
(`ak_…`), which opens nothing under any other purpose. The job that computes them is audited under its own principal,
the delivery under the caller's; a refusal is audited too.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, ConfigDict, Field, StrictBool, ValidationError

from events.contracts.village_committee import SurveyCategory, SurveyResult
from privacy.access_policy import Decision
from privacy.audit import AuditEvent
from services.entrypoints.api.deps import Caller, caller

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
    check_alert_caller(request, who)
    start, end = _bound(since, "since"), _bound(as_of, "as_of")
    if (_day(end) - _day(start)).days > MAX_WINDOW_DAYS or _day(end) < _day(start):
        raise HTTPException(422, f"since..as_of: at most {MAX_WINDOW_DAYS} days, since before as_of")
    return caller_alerts(request, who, start, end)


def check_alert_caller(request: Request, who: Caller) -> None:
    """A (role, purpose) with a rule for child_protection, crisis_intervention or mental_health, bound to an area, of
    a role that speaks for a department; anyone else is refused on the trail."""
    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    if not receives_alerts(ctx.policy, who):
        decision = Decision(False, rule.id if rule else None, f"role {who.principal.role!r} with purpose "
                                                              f"{who.purpose!r} receives no protection alerts")
        raise ctx.access.deny(who.principal, who.purpose, "protection alerts", None, who.origin, decision)


def receives_alerts(policy: Any, who: Caller) -> bool:
    """The test check_alert_caller refuses by (the console's 待办提醒 page asks it too, for its link)."""
    from services.usecases.protection_work import ROLE_DEPARTMENT

    return (policy.rule(who.principal.role, who.purpose) is not None and who.purpose in PURPOSES
            and who.principal.role in ROLE_DEPARTMENT and bool(who.principal.area))


def caller_alerts(request: Request, who: Caller, start: date | datetime, end: date | datetime
                  ) -> list[dict[str, Any]]:
    """The alerts of (start, end] addressed to the caller (checked again here), each delivery audited. The API route
    and the caseworker's console page both deliver through here."""
    from projections.harm_cases import as_moment
    from services.usecases import unrecorded_harm as unrecorded
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.protection_work import as_delivered, for_caller, harm_alerts, mental_health_alert_list

    check_alert_caller(request, who)
    ctx = request.app.state.ctx
    area = who.principal.area or ""
    jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal(f"job:protection-alerts:{who.principal.role}"),
                    ctx.policy)
    # The caller's own reports route nothing to the caller (the filer gets its acknowledgement, not the child)
    alerts = (harm_alerts(jobs, start, end, own=lambda record: ctx.access.own_reports(who.principal, record))
              if who.purpose in HARM_PURPOSES else mental_health_alert_list(jobs, _day(start), _day(end)))
    mine = for_caller(alerts, who.principal.role, area)
    if (who.principal.role, who.purpose) == unrecorded.RECEIVER:  # reports on a child with no record, by area
        mine += unrecorded.alerts(ctx.database, area, as_moment(start), as_moment(end), ctx.cipher.keyring,
                                  not_filed_by=who.principal.name)
    # An alert-only purpose's alerts name the child by that purpose's reference (as_delivered), never by its key.
    delivered = as_delivered(mine, ctx.policy, ctx.cipher.keyring, who.principal.role, who.purpose)
    # The delivery is on the trail before it leaves, under the caller: one record per child it names (no fields), by
    # the child's key (so that "who accessed this child" finds it) and the reference the caller got, and one for
    # the call.
    for key, alert in delivered:
        ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "deliver", "allowed",
                                    key, (), who.origin,
                                    f"protection alert {alert['kind']} to {alert['to']}"
                                    + (f" (report {alert['report_id']})" if alert.get("report_id") else "")
                                    + (f" as {alert['child_key']}" if alert.get("child_key") not in (None, key)
                                       else "")))
    ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "read", "allowed", None, (),
                                who.origin, f"protection alerts {start.isoformat()}..{end.isoformat()}: "
                                            f"{len(mine)}"))  # as parsed: what was typed is never written
    return [alert for _, alert in delivered]


class HarmReportBody(BaseModel):
    """A report of guardian neglect or harm (强制报告): the child by ID number (blind index, never stored) or key."""

    model_config = ConfigDict(extra="forbid")
    id_number: str | None = Field(None, max_length=40)
    child_key: str | None = Field(None, max_length=80)
    kind: Literal["neglect", "harm"]
    reported_at: datetime | None = None  # default: now


# Roles that file as themselves: a 网格员 has a purpose for nothing else; any staff member bound to an area may report
# too (the 强制报告 duty is everyone's), recorded as a platform user. Machine, job and audit roles may not.
REPORTER = {"grid_worker": "grid_worker"}


@router.post("/protection/harm-reports", status_code=202,
             summary="File a report of guardian neglect or harm (强制报告); it goes to civil affairs and the police")
def file_harm_report(request: Request, raw: Annotated[Any, Body()], who: Caller = Depends(caller)
                     ) -> dict[str, Any]:
    check_reporter(request, who)  # a caller who may not report learns nothing from the body's checks
    try:
        body = HarmReportBody.model_validate(raw)
    except ValidationError as exc:  # named by field, never echoing what was typed (an ID number, a name in a note)
        raise refused_report(request, who, _problems(exc)) from None
    return file_report(request, who, body)


def refused_report(request: Request, who: Caller, reason: str, status: int = 422,
                   what: str = "harm report") -> HTTPException:
    """A report that cannot be filed is on the trail (a real report lost to a typo must be findable), without what
    was typed: the reason names fields only. Returns the exception to raise."""
    from privacy.pseudonym import scrub_id_numbers

    reason = scrub_id_numbers(reason)
    request.app.state.ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "ingest",
                                                  "error", None, (), who.origin,
                                                  f"{what} refused: {reason}"[:500]))
    return HTTPException(status, reason)


def _problems(exc: ValidationError) -> str:
    """A body's problems named by field, never echoing what was typed (an ID number, a name in a note); an unknown
    key is what was typed too (an ID number, a name): it is counted, never named."""
    return "; ".join("a field this report does not have (not repeated here)" if e["type"] == "extra_forbidden"
                     else f"{'.'.join(str(p) for p in e['loc']) or 'body'}: {e['msg']}"
                     for e in exc.errors())[:1000]


def check_reporter(request: Request, who: Caller) -> None:
    """A grid worker, or any staff member bound to an area, may report; a refusal is audited."""
    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    if (rule is None or not rule.same_area or not who.principal.area
            or who.principal.role in ("downstream_app", "department_system")):
        decision = Decision(False, rule.id if rule else None, f"role {who.principal.role!r} with purpose "
                                                              f"{who.purpose!r} files no harm report here")
        raise ctx.access.deny(who.principal, who.purpose, "harm report", None, who.origin, decision)


def file_report(request: Request, who: Caller, body: HarmReportBody) -> dict[str, Any]:
    """Refuse a caller who may not report, find the child's key, publish the report through the checked ingest path
    (audit first). The API route and the console's form both file through here."""
    from events.contracts.harm_reports import CommunityHarmReported
    from events.envelope import Envelope
    from privacy.pseudonym import InvalidIdNumber, child_key, is_child_key
    from services.entrypoints.api.ingest import publish_checked
    from services.usecases import unrecorded_harm as unrecorded
    from services.usecases.access import filer_pseudonym

    ctx = request.app.state.ctx
    check_reporter(request, who)
    if (body.id_number is None) == (body.child_key is None):
        raise refused_report(request, who, "give exactly one of id_number or child_key")
    try:
        key = body.child_key if body.child_key is not None else child_key(ctx.pseudonym_secret, body.id_number or "")
    except InvalidIdNumber as exc:
        raise refused_report(request, who, str(exc)) from None
    if not is_child_key(key):
        raise refused_report(request, who, "child_key: not a child key")
    now = datetime.now().astimezone()
    at = body.reported_at or now
    if at.tzinfo is None or at > now or (now - at).days > 30:
        raise refused_report(request, who, "reported_at: a time with its zone, within the last 30 days and not in "
                                           "the future")
    if ctx.cipher.keyring.is_destroyed(key):
        # The child's record was erased, and stays so: the report is kept sealed outside it, for the reporting area's
        # 民政 crisis intervention, and answered exactly as any other report (nothing tells the reporter the ID
        # number was ever on the platform, and the report is not lost).
        if ctx.publisher is None:
            raise HTTPException(503, "ingest is not enabled on this API instance (no broker configured)")
        report_id = unrecorded.keep(ctx.database, ctx.cipher.keyring, ctx.audit, who.principal, who.purpose,
                                    who.origin, unrecorded.Report(
                                        body.kind, at, REPORTER.get(who.principal.role, "platform_user"),
                                        id_number=body.id_number, child_key=body.child_key),
                                    who.principal.area or "")
        return {"accepted": True, "event_ids": [report_id]}
    payload = CommunityHarmReported(reported_at=at, kind=body.kind,
                                    reporter=REPORTER.get(who.principal.role, "platform_user"),
                                    area_code=who.principal.area,  # routes it if no residence of the child is known
                                    # who filed it, for the gate: no case_area scope and no alert to the filer
                                    filed_by=filer_pseudonym(ctx.cipher.keyring, key, who.principal.name))
    envelope = Envelope.new(payload, source="civil_affairs", child_key=key, occurred_at=now)
    # The same checks and audit-before-publish as department ingest; the answer says nothing about the child.
    result = publish_checked(request, who, "civil_affairs", [(1, envelope)])
    return {"accepted": True, "event_ids": result["event_ids"]}


# --- 摸排 survey records filed by a person (issue 20, items 1 and 7: a 网格员 "may file a harm report and a survey
# record") ---

SURVEY_PURPOSE = "survey"
SURVEY_DAYS = 180  # Hebei: "至少每半年更新一次流動兒童信息"; a record of an older visit is not this campaign's
# A campaign id: <county or township code>-<label>, e.g. 130102-2026H2 (ASCII digits: a full-width code is refused)
CAMPAIGN_ID = re.compile(r"(\d{6}|\d{9})-[A-Za-z0-9_]{1,30}", re.ASCII)  # fullmatch: `$` passes a final newline
NOT_KEPT = "survey record"


class SurveyRecordBody(BaseModel):
    """One child's 摸排 record for a campaign (village_committee.ChildSurveyed): the child by ID number (blind index,
    never stored) or key; the surveyor is the caller (its staff id), never a field of the body."""

    model_config = ConfigDict(extra="forbid")
    id_number: str | None = Field(None, max_length=40)
    child_key: str | None = Field(None, max_length=80)
    campaign: str = Field(..., max_length=40)
    surveyed_on: date | None = None  # default: today
    found_at_address: StrictBool
    result: SurveyResult
    categories_found: list[SurveyCategory] = Field(default_factory=list, max_length=7)


def check_surveyor(request: Request, who: Caller) -> None:
    """Who files a survey record: a person whose (role, purpose) has a rule for the purpose `survey` bound to their
    area (grid_worker.survey, director.survey in access_policy.json); a refusal is audited."""
    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    if (rule is None or who.purpose != SURVEY_PURPOSE or not rule.same_area or not who.principal.area
            or who.principal.role in ("downstream_app", "department_system", "care_job")):
        decision = Decision(False, rule.id if rule else None, f"role {who.principal.role!r} with purpose "
                                                              f"{who.purpose!r} files no survey record")
        raise ctx.access.deny(who.principal, who.purpose, "survey record", None, who.origin, decision)


@router.post("/protection/survey-records", status_code=202,
             summary="File one child's 摸排 survey record for a campaign of the caller's area (村(居)委's record)")
def file_survey_record(request: Request, raw: Annotated[Any, Body()], who: Caller = Depends(caller)
                       ) -> dict[str, Any]:
    check_surveyor(request, who)  # a caller who may not file learns nothing from the body's checks
    try:
        body = SurveyRecordBody.model_validate(raw)
    except ValidationError as exc:
        raise refused_report(request, who, _problems(exc), what=NOT_KEPT) from None
    return file_survey(request, who, body)


def file_survey(request: Request, who: Caller, body: SurveyRecordBody) -> dict[str, Any]:
    """Check the caller and the record, find the child's key, publish village_committee.ChildSurveyed through the
    checked ingest path (audit first). The answer is the same for every child: accepted and an id, nothing of the
    child. The API route and the console's form both file through here."""
    from events.contracts.village_committee import ChildSurveyed
    from events.envelope import Envelope
    from events.event_ids import new_event_id
    from privacy.pseudonym import InvalidIdNumber, child_key, is_child_key, looks_like_id_number
    from services.entrypoints.api.ingest import publish_checked

    ctx = request.app.state.ctx
    check_surveyor(request, who)
    area = who.principal.area or ""
    if (body.id_number is None) == (body.child_key is None):
        raise refused_report(request, who, "give exactly one of id_number or child_key", what=NOT_KEPT)
    try:
        key = body.child_key if body.child_key is not None else child_key(ctx.pseudonym_secret, body.id_number or "")
    except InvalidIdNumber as exc:
        raise refused_report(request, who, str(exc), what=NOT_KEPT) from None
    if not is_child_key(key):
        raise refused_report(request, who, "child_key: not a child key", what=NOT_KEPT)
    if looks_like_id_number(body.campaign):  # grouped by a dash too (330106-20150301123X is shaped like a campaign)
        raise refused_report(request, who, "campaign: an ID number does not belong here (a campaign id, e.g. "
                                           "130102-2026H2)", what=NOT_KEPT)
    match = CAMPAIGN_ID.fullmatch(body.campaign)
    if match is None:
        raise refused_report(request, who, "campaign: <county or township code>-<label>, e.g. 130102-2026H2",
                             what=NOT_KEPT)
    code = match.group(1)
    if not (area.startswith(code) or code.startswith(area)):  # another county's or township's campaign
        raise ctx.access.deny(who.principal, who.purpose, "survey record", None, who.origin, Decision(
            False, getattr(ctx.policy.rule(who.principal.role, who.purpose), "id", None),
            "the campaign's area is outside the caller's area"))
    today = datetime.now().astimezone().date()
    day = body.surveyed_on or today
    if day > today or (today - day).days > SURVEY_DAYS:
        raise refused_report(request, who, f"surveyed_on: a day within the last {SURVEY_DAYS} days, not in the "
                                           "future", what=NOT_KEPT)
    try:
        payload = ChildSurveyed(campaign=body.campaign, surveyor_id=who.principal.name, surveyed_on=day,
                                found_at_address=body.found_at_address, result=body.result,
                                categories_found=sorted(set(body.categories_found)),
                                # the filer's area, from the token: the record counts in coverage only where it
                                # contains the child's residence (never checked here: the answer tells the worker
                                # nothing of where an ID number lives)
                                surveyor_area=area)
    except ValidationError as exc:  # the caller's own staff id is no surveyor id (shaped like an ID number, too long)
        if any(e["loc"][:1] != ("surveyor_id",) for e in exc.errors()):  # the checks above should have caught it
            raise refused_report(request, who, _problems(exc), what=NOT_KEPT) from None
        raise refused_report(request, who, "surveyor: the token's staff id cannot name a surveyor (at most 64 "
                                           "characters, no ID number); ask for a token under your staff id",
                             what=NOT_KEPT) from None
    if ctx.publisher is None:
        raise HTTPException(503, "ingest is not enabled on this API instance (no broker configured)")
    if ctx.cipher.keyring.is_destroyed(key):
        # The child's record was erased and stays so. A survey record is not a 强制报告: it is dropped, not kept
        # (keeping it would start a new record of the erased child), and answered exactly as any other record, so
        # that nothing tells the surveyor the ID number was ever on the platform. What the visit found that needs
        # acting on is a harm report's (the form beside this one), which is kept for 民政.
        ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "ingest", "allowed", None,
                                    (), who.origin, "survey record not kept: its child has no record on the "
                                                    "platform (a survey record is not a 强制报告)"))
        return {"accepted": True, "event_ids": [new_event_id()]}
    envelope = Envelope.new(payload, source="village_committee", child_key=key, occurred_at=datetime.now().astimezone())
    result = publish_checked(request, who, "village_committee", [(1, envelope)])
    return {"accepted": True, "event_ids": result["event_ids"]}


@router.get("/supervision/directors", summary="儿童督导员: the directors of the supervisor's area, their open and "
                                             "overdue tasks (counts only)")
def supervision(request: Request, as_of: str | None = Query(None, max_length=10),
                who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.supervision import supervise

    ctx = request.app.state.ctx
    day = _bound(as_of, "as_of") if as_of else date.today()
    jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal(f"job:supervision:{who.principal.name}"),
                    ctx.policy)
    return supervise(jobs, who.principal, who.purpose, who.origin, _day(day))  # anyone else: refused, audited


@router.get("/protection/unrecorded-reports", summary="民政 crisis intervention: harm reports on a child with no "
                                                     "record (erased), made in the caller's area")
def unrecorded_reports(request: Request, who: Caller = Depends(caller)) -> list[dict[str, Any]]:
    from services.usecases import unrecorded_harm as unrecorded

    ctx = request.app.state.ctx
    return unrecorded.listing(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal, who.purpose,
                              who.origin)


@router.get("/protection/unrecorded-reports/{report_id}", summary="Open one such report (the ID number with it), "
                                                                 "audited, to act on it")
def unrecorded_report(request: Request, report_id: str = Path(..., max_length=64),
                      who: Caller = Depends(caller)) -> dict[str, Any]:
    from services.usecases import unrecorded_harm as unrecorded

    ctx = request.app.state.ctx
    return unrecorded.open_report(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal,
                                  who.purpose, who.origin, report_id)


@router.delete("/protection/unrecorded-reports/{report_id}", status_code=204,
               summary="Shred one such report once acted on (its key destroyed), audited")
def shred_unrecorded_report(request: Request, report_id: str = Path(..., max_length=64),
                            who: Caller = Depends(caller)) -> None:
    from services.usecases import unrecorded_harm as unrecorded

    ctx = request.app.state.ctx
    unrecorded.shred(ctx.database, ctx.cipher.keyring, ctx.policy, ctx.audit, who.principal, who.purpose,
                     who.origin, report_id)
