"""The web console: server-rendered pages in Chinese for the people who do the work, on the API's app and through the
same gate (services/usecases/access.py): the purpose policy decides the fields, every read is audited first, and an
audit failure refuses the page. No script, nothing loaded from elsewhere; every form that changes something carries
the session's CSRF token; no personal value travels in a URL (ID numbers are POSTed)."""

from __future__ import annotations

import secrets
from dataclasses import asdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from events.contracts.civil_affairs import DirectorVisited
from events.envelope import Envelope, EventDecodeError
from privacy.access_policy import Decision
from privacy.audit import AuditEvent, AuditFailed
from privacy.pseudonym import InvalidIdNumber, child_key, scrub_id_numbers
from projections.fields import FIELDS as KNOWN
from projections.ledger import due_tasks, risk_level
from services.adapters.tokens import authenticate
from services.entrypoints.api.deps import Caller, RateLimiter
from services.entrypoints.console import labels
from services.entrypoints.console.sessions import COOKIE, PRE_COOKIE, Sessions, csrf_ok, new_pre, pre_ok, pre_token
from services.entrypoints.console.svg import bar_chart
from services.usecases import compliance
from services.usecases.access import AccessDenied, BadRequest, NotFound, is_child_key

router = APIRouter(prefix="/console", include_in_schema=False)
HERE = Path(__file__).parent
TEMPLATES = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]))
TEMPLATES.globals.update(labels=labels)


def _alerts_in_nav(request: Request, session: Any) -> bool:
    """The nav's test for the 待办提醒 link (console/alerts.py, which imports this module: imported when called)."""
    from services.entrypoints.console.alerts import in_nav

    return in_nav(request, session)


TEMPLATES.globals.update(alerts_in_nav=_alerts_in_nav)
MAX_FORM_BYTES = 64 * 1024
# The console is for people: machine principals (department systems, downstream apps) use the API.
MACHINE_ROLES = frozenset({"department_system", "downstream_app", "care_job"})
LANDING = {"children_director": "/console/ledger", "compliance": "/console/compliance",
           "statistician": "/console/statistics", "operator": "/console/operator",
           "child_supervisor": "/console/supervision", "grid_worker": "/console/report"}  # the last two: issue 20


class SignIn(Exception):
    """No live session: go to the sign-in page."""


class ChoosePurpose(Exception):
    """Signed in, but no purpose chosen yet."""


class TooMany(Exception):
    """Over the principal's (or, before sign-in, the client's) rate."""


def _sessions(request: Request) -> Sessions:
    state = request.app.state
    if not hasattr(state, "console_sessions"):
        state.console_sessions = Sessions()
        state.console_secret = secrets.token_bytes(32)
        state.console_sign_ins = RateLimiter(rate=0.2, burst=10)  # per client: a token guesser gets 429s
    sessions: Sessions = state.console_sessions
    return sessions


def _origin(request: Request) -> str:
    return request.client.host if request.client else ""


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def _current(request: Request, need_purpose: bool = True) -> tuple[Any, Caller]:
    """The live session and its caller; the token is checked again on every request (revoked or expired: out)."""
    sessions = _sessions(request)
    sid = request.cookies.get(COOKIE)
    session = sessions.get(sid)
    if session is None:
        raise SignIn()
    principal = authenticate(request.app.state.ctx.database, session.token)
    if principal is None:
        sessions.end(sid)
        raise SignIn()
    session.principal = principal
    limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
    if limiter is not None and not limiter.allow(principal.name):  # the same bucket as the principal's API calls
        raise TooMany()
    if need_purpose and not session.purpose:
        raise ChoosePurpose()
    return session, Caller(principal, session.purpose or "", _origin(request))


async def _form(request: Request) -> dict[str, str]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise HTTPException(413, "表单过大")
    parsed = parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=True, max_num_fields=50)
    return {k: v[0] for k, v in parsed.items()}


def _render(request: Request, name: str, session: Any = None, status: int = 200, **values: Any) -> HTMLResponse:
    html = TEMPLATES.get_template(name).render(request=request, session=session, **values)
    return HTMLResponse(html, status_code=status)


def _problem(request: Request, session: Any, status: int, title: str, text: str) -> HTMLResponse:
    return _render(request, "message.html", session, status=status, title=title, text=text)


def _guarded(request: Request, build: Any, need_purpose: bool = True) -> Response:
    """Run a page: a missing session goes to sign-in, a missing purpose to the purpose page; refusals are pages."""
    session = None
    try:
        session, who = _current(request, need_purpose)
        response: Response = build(session, who)
        return response
    except SignIn:
        return RedirectResponse("/console/login", status_code=303)
    except ChoosePurpose:
        return RedirectResponse("/console/purpose", status_code=303)
    except TooMany:
        return _problem(request, session, 429, "请求过于频繁", "请稍后再试。")
    except AccessDenied as exc:
        return _problem(request, session, 403, "无权访问", f"当前目的不允许此操作：{exc.decision.reason}")
    except NotFound:
        return _problem(request, session, 404, "未找到", "在你的服务范围内没有这个儿童。")
    except AuditFailed:
        return _problem(request, session, 503, "审计记录失败",
                        "审计记录无法写入，页面已拒绝显示。请稍后再试或联系运维人员。")
    except (BadRequest, InvalidIdNumber) as exc:
        return _problem(request, session, 422, "输入有误", scrub_id_numbers(str(exc))[:300])
    except HTTPException as exc:
        detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail.get("message", "请求未被接受"))
        return _problem(request, session, exc.status_code, "请求未被接受", scrub_id_numbers(detail)[:300])


def _check_csrf(session: Any, form: dict[str, str]) -> None:
    if not csrf_ok(session.csrf, form.get("csrf")):
        raise HTTPException(403, "表单已失效（CSRF 校验失败），请刷新页面后重试")


async def _posted(request: Request, build: Any, need_purpose: bool = True) -> Response:
    """A form that changes something: read it, check its CSRF token against the session, then build(session, who,
    form) as _guarded does. Every POST of a signed-in user goes through here, so none can forget the check."""
    try:
        form = await _form(request)
    except HTTPException as exc:
        return _problem(request, None, exc.status_code, "请求未被接受", str(exc.detail))

    def checked(session: Any, who: Caller) -> Response:
        _check_csrf(session, form)
        response: Response = build(session, who, form)
        return response
    return _guarded(request, checked, need_purpose)


# --- sign-in, purpose, sign-out -------------------------------------------------------------------------------------

@router.get("/static/console.css")
def stylesheet() -> FileResponse:
    return FileResponse(HERE / "static" / "console.css", media_type="text/css")


@router.get("", response_class=HTMLResponse)
@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    def land(session: Any, who: Caller) -> Response:
        if who.purpose == "survey":  # a 网格员 or a director filing 摸排 records (issue 20)
            return RedirectResponse("/console/survey", 303)
        if who.principal.role == "caseworker" and who.purpose == "crisis_intervention":
            return RedirectResponse("/console/casework", 303)
        from services.entrypoints.console.alerts import PATH, lands_here

        if lands_here(request, who):  # police, procurators, judges, schools, health and youth workers (issue 20)
            return RedirectResponse(PATH, 303)
        return RedirectResponse(LANDING.get(who.principal.role, "/console/search"), 303)
    return _guarded(request, land)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, error: str = "") -> Response:
    _sessions(request)
    secret = request.app.state.console_secret
    pre = request.cookies.get(PRE_COOKIE, "")
    pre = pre if pre_ok(secret, pre) else new_pre(secret)
    response = _render(request, "login.html", csrf=pre_token(request.app.state.console_secret, pre),
                       error={"expired": "会话已结束，请重新登录。"}.get(error, ""))
    response.set_cookie(PRE_COOKIE, pre, httponly=True, samesite="strict", secure=_secure(request), path="/console")
    return response


@router.post("/login", response_class=HTMLResponse)
async def login(request: Request) -> Response:
    sessions = _sessions(request)
    form = await _form(request)
    ctx = request.app.state.ctx
    secret = request.app.state.console_secret
    pre = request.cookies.get(PRE_COOKIE, "")
    if not pre_ok(secret, pre) or not csrf_ok(pre_token(secret, pre), form.get("csrf")):
        return _render(request, "login.html", status=403, csrf="", error="登录表单已失效，请刷新页面后重试。")
    if not request.app.state.console_sign_ins.allow(f"sign-in:{_origin(request)}"):
        return _render(request, "login.html", status=429, csrf=pre_token(secret, pre),
                       error="尝试次数过多，请稍后再试。")
    token = form.get("token", "").strip()
    principal = authenticate(ctx.database, token) if 0 < len(token) <= 200 else None
    try:
        if principal is None or principal.role in MACHINE_ROLES:
            ctx.audit.append(AuditEvent("anonymous" if principal is None else principal.name,
                                        "none" if principal is None else principal.role, "", "deny", "denied", None,
                                        (), _origin(request), "console sign-in: invalid token, or a machine's token"))
            return _render(request, "login.html", status=401, csrf=pre_token(secret, pre),
                           error="令牌无效、已过期或已被撤销（部门系统和下游应用的令牌不能登录控制台）。")
        ctx.audit.append(AuditEvent(principal.name, principal.role, "", "sign_in", "allowed", None, (),
                                    _origin(request), "console sign-in"))
    except AuditFailed:
        return _problem(request, None, 503, "审计记录失败", "审计记录无法写入，不能登录。请稍后再试或联系运维人员。")
    sessions.end(request.cookies.get(COOKIE))  # whoever was signed in on this browser before is signed out
    sid, _ = sessions.create(token, principal)
    response = RedirectResponse("/console/purpose", status_code=303)
    response.set_cookie(COOKIE, sid, httponly=True, samesite="strict", secure=_secure(request), path="/console")
    response.delete_cookie(PRE_COOKIE, path="/console")
    return response


@router.get("/purpose", response_class=HTMLResponse)
def purpose_page(request: Request) -> Response:
    def build(session: Any, who: Caller) -> Response:
        purposes = request.app.state.ctx.policy.purposes(who.principal.role)
        return _render(request, "purpose.html", session, purposes=purposes)
    return _guarded(request, build, need_purpose=False)


@router.post("/purpose", response_class=HTMLResponse)
async def choose_purpose(request: Request) -> Response:
    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        chosen = form.get("purpose", "")
        if chosen not in request.app.state.ctx.policy.purposes(who.principal.role):
            raise HTTPException(403, "你的角色不能以这个目的访问")
        session.purpose = chosen
        return RedirectResponse("/console/", status_code=303)
    return await _posted(request, build, need_purpose=False)


@router.post("/logout", response_class=HTMLResponse)
async def logout(request: Request) -> Response:
    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        _sessions(request).end(request.cookies.get(COOKIE))
        request.app.state.ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "sign_out",
                                                      "allowed", None, (), who.origin, "console sign-out"))
        response = RedirectResponse("/console/login", status_code=303)
        response.delete_cookie(COOKIE, path="/console")
        return response
    return await _posted(request, build, need_purpose=False)


# --- children's director -------------------------------------------------------------------------------------------

def _known_since(view: Any) -> date:
    days = [date.fromisoformat(s["on"]) for s in view.sources.values()]
    return min(days, default=date.today())


def _ledger_row(view: Any, today: date) -> dict[str, Any]:
    fields = view.fields
    tasks = {t.kind: t for t in due_tasks(fields, today, _known_since(view))}
    return {"key": view.child_key, "name": fields.get("identity.name"), "in_ledger": fields.get("ledger.in_ledger"),
            "risk": risk_level(fields, today).level, "recorded_risk": fields.get("ledger.risk_level"),
            "tasks": tasks, "overdue": any(t.overdue for t in tasks.values()),
            "next": min((t.due_on for t in tasks.values()), default=None)}


def _area_views(request: Request, who: Caller) -> list[Any]:
    """The children of the director's area, through the gate. The ledger and its alerts are a children's director's
    (a village, township or county one): another role's list of its area is not a ledger."""
    ctx = request.app.state.ctx
    if who.principal.role != "children_director":
        raise ctx.access.deny(who.principal, who.purpose, "list", None, who.origin,
                              Decision(False, None, "台账和提醒只供儿童主任使用"))
    area = who.principal.area or ""
    if not area:
        raise BadRequest("你的令牌没有绑定服务区域")
    views: list[Any] = ctx.access.list_area(who.principal, who.purpose, area, 500, None, who.origin)
    return views


@router.get("/ledger", response_class=HTMLResponse)
def ledger(request: Request, sort: str = "due", risk: str = "", overdue: str = "", everyone: str = "") -> Response:
    def build(session: Any, who: Caller) -> Response:
        today = date.today()
        rows = [_ledger_row(v, today) for v in _area_views(request, who)]
        if not everyone:
            rows = [r for r in rows if r["in_ledger"] is True]
        if risk in labels.RISK:
            rows = [r for r in rows if r["risk"] == risk]
        if overdue:
            rows = [r for r in rows if r["overdue"]]
        order = {"high": 0, "medium": 1, "low": 2}
        rows.sort(key=(lambda r: (order[r["risk"]], r["next"] or date.max)) if sort == "risk"
                  else (lambda r: (r["next"] or date.max, order[r["risk"]])))
        return _render(request, "ledger.html", session, rows=rows, sort=sort, risk=risk, overdue=overdue,
                       everyone=everyone, today=today)
    return _guarded(request, build)


@router.get("/alerts", response_class=HTMLResponse)
def alerts(request: Request) -> Response:
    from projections.risk_record import risk_alerts
    from services.usecases.care import EVENT_ALERTS

    def build(session: Any, who: Caller) -> Response:
        today, items = date.today(), []
        for view in _area_views(request, who):
            for task in due_tasks(view.fields, today, _known_since(view)):
                if task.overdue:
                    items.append({"key": view.child_key, "kind": task.kind, "on": task.due_on.isoformat(),
                                  "days": task.days_overdue})
            for kind, (inputs, holds) in EVENT_ALERTS.items():
                if inputs <= set(view.fields) and holds(view.fields):
                    on = max((view.sources[n]["on"] for n in inputs if n in view.sources), default="")
                    items.append({"key": view.child_key, "kind": kind, "on": on, "days": None})
            # The recorded risk level (issue 20, item 5): a change of level, a review date passed.
            for kind, day in risk_alerts(view.fields, date.min, today):
                days = (today - day).days if kind == "risk_review" else None
                items.append({"key": view.child_key, "kind": kind, "on": day.isoformat(), "days": days})
        items.sort(key=lambda a: a["on"], reverse=True)
        return _render(request, "alerts.html", session, items=items)
    return _guarded(request, build)


def _child_page(request: Request, session: Any, who: Caller, view: Any, notice: str = "") -> HTMLResponse:
    ctx = request.app.state.ctx
    rule = ctx.policy.rule(who.principal.role, who.purpose)
    allowed = set(ctx.policy.fields_for(rule, list(KNOWN))) if rule else set()
    hidden_groups = sorted({n.split(".", 1)[0] for n in KNOWN} - {n.split(".", 1)[0] for n in allowed})
    groups: dict[str, list[dict[str, Any]]] = {}
    for name in sorted(view.fields):
        source = view.sources.get(name, {})
        value = view.fields[name]
        if name == "ledger.risk_history" and isinstance(value, list):  # issue 20: each recorded level, oldest first
            value = [f"{e.get('on') or '?'} {labels.RISK.get(str(e.get('level')), '?')}" for e in value
                     if isinstance(e, dict)]
        groups.setdefault(name.split(".", 1)[0], []).append(
            {"name": name, "label": labels.field(name), "value": value,
             "source": labels.DEPARTMENTS.get(source.get("source", ""), source.get("source", "")),
             "on": source.get("on", "")})
    if "ledger" in groups and who.principal.role == "children_director":  # the computed level, as a suggestion
        groups["ledger"].append({"name": "derived.risk_suggestion", "label": "风险等级（系统建议）",
                                 "value": labels.RISK[risk_level(view.fields, date.today()).level],
                                 "source": "按规则计算，仅供参考", "on": date.today().isoformat()})
    can_visit = who.principal.role == "children_director" and "ledger.last_visit_note" in allowed
    return _render(request, "child.html", session, view=view, groups=groups, hidden_groups=hidden_groups,
                   can_visit=can_visit, notice=notice, today=date.today().isoformat())


@router.get("/child/{key}", response_class=HTMLResponse)
def child(request: Request, key: str) -> Response:
    def build(session: Any, who: Caller) -> Response:
        view = request.app.state.ctx.access.read(who.principal, who.purpose, key, None, who.origin)
        return _child_page(request, session, who, view)
    return _guarded(request, build)


@router.post("/child/{key}/visit", response_class=HTMLResponse)
async def record_visit(request: Request, key: str) -> Response:
    from services.entrypoints.api.ingest import publish_checked

    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        ctx = request.app.state.ctx
        if who.principal.role != "children_director":  # refused on the trail (a grid worker, a supervisor...)
            raise ctx.access.deny(who.principal, who.purpose, "visit", key, who.origin,
                                  Decision(False, None, "只有儿童主任记录联系和走访"))
        view = ctx.access.read(who.principal, who.purpose, key, None, who.origin)  # in scope, audited
        try:
            visited_on = date.fromisoformat(form.get("visited_on", ""))
        except ValueError:
            raise BadRequest("日期格式应为 YYYY-MM-DD") from None
        if not (date.today() - timedelta(days=366) <= visited_on <= date.today()):
            raise BadRequest("日期须在过去一年内，且不能晚于今天")
        kinds: dict[str, Literal["contact", "home_visit"]] = {"contact": "contact", "home_visit": "home_visit"}
        kind = kinds.get(form.get("kind", ""))
        if kind is None:
            raise BadRequest("请选择联系或入户走访")
        note = form.get("note", "").strip() or None
        try:
            payload = DirectorVisited(director_id=who.principal.name, kind=kind, visited_on=visited_on, note=note)
        except ValueError:
            raise BadRequest("记录不符合要求（记录最多 4000 字）") from None
        try:
            env = Envelope.new(payload, source="civil_affairs", child_key=view.child_key,
                               occurred_at=datetime.now(UTC))
        except (EventDecodeError, ValueError):
            raise BadRequest("记录不符合要求") from None
        publish_checked(request, who, "civil_affairs", [(1, env)])
        return _child_page(request, session, who, view,
                           notice="已提交。记录经处理（含脱敏）后显示在本页，稍后刷新即可看到。")
    return await _posted(request, build)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request) -> Response:
    return _guarded(request, lambda session, who: _render(request, "search.html", session))


@router.post("/search", response_class=HTMLResponse)
async def search(request: Request) -> Response:
    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        ctx = request.app.state.ctx
        ctx.access.grant(who.principal, who.purpose, "search", who.origin)  # 403 before any lookup
        typed = form.get("id_number", "").strip()
        key = typed if is_child_key(typed) else child_key(ctx.pseudonym_secret, typed)
        view = ctx.access.read(who.principal, who.purpose, key, None, who.origin, action="search")
        return _child_page(request, session, who, view)
    return await _posted(request, build)


# --- compliance officer --------------------------------------------------------------------------------------------

def _audited_query(request: Request, who: Caller, what: str, child: str | None = None) -> None:
    request.app.state.ctx.access.audit_query(who.principal, who.purpose, who.origin, "console: " + what, child)


def _compliance_rows(request: Request, who: Caller, view: str, child_key_: str, actor: str, since: str,
                     until: str, threshold: int) -> tuple[str, list[dict[str, Any]]]:
    engine = request.app.state.ctx.database
    if view == "child":
        if not is_child_key(child_key_):
            raise BadRequest("请输入儿童编号（ck_ 开头），不要输入身份证号")
        _audited_query(request, who, "accesses to child", child_key_)
        return "谁访问了这个儿童", compliance.accesses_to_child(engine, child_key_)
    if view == "actor":
        _audited_query(request, who, f"accesses by {actor} {since}..{until}")
        return f"{actor} 的访问", compliance.accesses_by_actor(engine, actor, since or None, until or None)
    if view == "without_purpose":
        _audited_query(request, who, "accesses without a valid purpose")
        return "无有效目的的访问", compliance.without_valid_purpose(engine)
    if view == "anomalies":
        _audited_query(request, who, f"bulk anomalies > {threshold}")
        return f"批量访问异常（超过 {threshold} 名儿童）", compliance.bulk_anomalies(engine, threshold, since or None)
    _audited_query(request, who, "denials")
    return "被拒绝的访问", compliance.denials(engine)


def _number(text: str | None, default: int) -> int:
    """A count typed in a form or a link: digits only (a clear 422 page otherwise, echoing nothing)."""
    if text is None or text == "":
        return default
    if not (text.isascii() and text.isdigit() and len(text) <= 9):
        raise BadRequest("请输入一个正整数")
    return int(text)


def _compliance_page(request: Request, session: Any, who: Caller, q: dict[str, str]) -> Response:
    threshold = _number(q.get("threshold"), 50)
    view, child_key_, actor = q.get("view", "denials"), q.get("child_key", "")[:80], q.get("actor", "")[:200]
    since, until = q.get("since", "")[:40], q.get("until", "")[:40]
    title, rows = _compliance_rows(request, who, view, child_key_, actor, since, until, max(1, min(threshold, 10**7)))
    _audited_query(request, who, "verify chain")
    verified = request.app.state.ctx.audit.verify_trail()
    return _render(request, "compliance.html", session, title=title, rows=rows[:1000], total=len(rows), view=view,
                   child_key=child_key_, actor=actor, since=since, until=until, threshold=threshold, verified=verified)


@router.get("/compliance", response_class=HTMLResponse)
def compliance_page(request: Request) -> Response:
    # A query in the URL only from the export link and bookmarks; the form POSTs (what is typed stays out of URLs).
    return _guarded(request, lambda session, who: _compliance_page(request, session, who, dict(request.query_params)))


@router.post("/compliance", response_class=HTMLResponse)
async def compliance_query(request: Request) -> Response:
    return await _posted(request, lambda session, who, form: _compliance_page(request, session, who, form))


@router.get("/compliance/export.csv")
def compliance_export(request: Request, view: str = "denials", child_key: str = "", actor: str = "", since: str = "",
                      until: str = "", threshold: str = "50") -> Response:
    def build(session: Any, who: Caller) -> Response:
        limit = _number(threshold, 50)
        _, rows = _compliance_rows(request, who, view, child_key[:80], actor[:200], since[:40], until[:40],
                                   max(1, min(limit, 10_000_000)))
        return Response(compliance.to_csv(rows), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="audit.csv"'})
    return _guarded(request, build)


# --- statistician ---------------------------------------------------------------------------------------------------

@router.get("/statistics", response_class=HTMLResponse)
def statistics_page(request: Request, rows: str = "area", cols: str = "age_band", threshold: str = "5",
                    region: str = "base") -> Response:
    from projections.catalogue import load_catalogue
    from services.usecases.care import DIMENSIONS, CareJobs

    def build(session: Any, who: Caller) -> Response:
        ctx = request.app.state.ctx
        rule = ctx.policy.rule(who.principal.role, who.purpose)
        if rule is None or not rule.aggregate:
            raise ctx.access.deny(who.principal, who.purpose, "statistics", None, who.origin,
                                  Decision(False, rule.id if rule else None, "这个目的不能查看统计"))
        if rows not in DIMENSIONS or cols not in DIMENSIONS:
            raise BadRequest("未知的统计维度")
        limit = _number(threshold, 5)
        if not 3 <= limit <= 1000:
            raise BadRequest("抑制阈值须在 3 到 1000 之间")
        try:
            catalogue = load_catalogue(region)
        except ValueError:
            raise BadRequest("未知的地区清单") from None
        jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, who.principal, ctx.policy)
        table = jobs.statistics(rows, cols, date.today(), limit, catalogue if "service" in (rows, cols) else None)
        report = [r for r in jobs.report(catalogue, date.today(), "area", limit) if "entitled" in r]
        chart = bar_chart([{"label": f"{r['key']} · {r['item_id']}", "entitled": r["entitled"],
                            "delivered": r["delivered"]} for r in report[:40]], "各地区各服务项目：应享与已获")
        cells = {(c["row"], c["col"]): c["count"] for c in table["cells"]}
        return _render(request, "statistics.html", session, table=table, cells=cells, rows_dim=rows, cols_dim=cols,
                       dims=DIMENSIONS, threshold=limit, region=region, chart=chart)
    return _guarded(request, build)


# --- operator -------------------------------------------------------------------------------------------------------

@router.get("/operator", response_class=HTMLResponse)
def operator_page(request: Request) -> Response:
    def build(session: Any, who: Caller) -> Response:
        ctx = request.app.state.ctx
        if who.principal.role != "operator" or ctx.policy.rule(who.principal.role, who.purpose) is None:
            raise ctx.access.deny(who.principal, who.purpose, "operations", None, who.origin,
                                  Decision(False, None, "运行状况页面仅供运维人员"))
        ctx.audit.append(AuditEvent(who.principal.name, who.principal.role, who.purpose, "operations", "allowed",
                                    None, (), who.origin, "console: pipeline health"))
        health = ctx.operations() if getattr(ctx, "operations", None) else {}
        verified = ctx.audit.verify_trail()
        rebuilt = compliance.last_rebuild(ctx.database)
        last_rebuild = f"{rebuilt['at'][:19]}（{rebuilt['detail'].removeprefix(compliance.REBUILD_DETAIL).strip()}）" \
            if rebuilt else None
        return _render(request, "operator.html", session, health=health, verified=asdict(verified),
                       last_rebuild=last_rebuild)
    return _guarded(request, build)



# --- 儿童督导员 (issue 20, item 7): the township's directors, their open and overdue tasks; counts only. ---

@router.get("/supervision", response_class=HTMLResponse)
def supervision_page(request: Request) -> Response:
    from services.usecases.care import CareJobs, job_principal
    from services.usecases.supervision import supervise

    def build(session: Any, who: Caller) -> Response:
        ctx = request.app.state.ctx
        jobs = CareJobs(ctx.store, ctx.cipher, ctx.audit, job_principal(f"job:supervision:{who.principal.name}"),
                        ctx.policy)
        today = date.today()
        rows = supervise(jobs, who.principal, who.purpose, who.origin, today)
        return _render(request, "supervision.html", session, rows=rows, today=today)
    return _guarded(request, build)


# --- 网格员 and any staff member (issue 20, item 7): the 强制报告 form; it shows nothing of any child. ---

@router.get("/report", response_class=HTMLResponse)
def report_page(request: Request) -> Response:
    from services.entrypoints.api.protection import check_reporter

    def build(session: Any, who: Caller) -> Response:
        check_reporter(request, who)
        return _render(request, "report.html", session)
    return _guarded(request, build)


@router.post("/report", response_class=HTMLResponse)
async def report(request: Request) -> Response:
    from services.entrypoints.api.protection import HarmReportBody, check_reporter, file_report, refused_report

    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        check_reporter(request, who)  # the caller check comes before the form's
        if form.get("kind") not in ("neglect", "harm"):
            refused_report(request, who, "kind: neither neglect nor harm")  # on the trail; the page says it in Chinese
            raise BadRequest("请选择监护不当或监护侵害")
        # Whole up to 80 characters: a child key is 43 (cut to 40 it still looked like a key, of no child).
        typed = form.get("id_number", "").strip()[:80]
        if not is_child_key(typed) and len(typed) > 40:
            refused_report(request, who, "id_number: over 40 characters")
            raise BadRequest("请输入儿童的身份证号（或儿童编号）")
        body = HarmReportBody.model_validate({"child_key" if is_child_key(typed) else "id_number": typed,
                                              "kind": form["kind"]})
        file_report(request, who, body)
        return _render(request, "report.html", session, notice="报告已提交，已转民政部门和公安机关。")
    return await _posted(request, build)


# --- 网格员 (issue 20, items 1 and 7): one child's 摸排 record for a campaign; it shows nothing of any child. ---

def _survey_page(request: Request, session: Any, who: Caller, notice: str = "") -> HTMLResponse:
    return _render(request, "survey.html", session, notice=notice, today=date.today().isoformat(),
                   campaign=f"{(who.principal.area or '')[:6]}-2026H2")


@router.get("/survey", response_class=HTMLResponse)
def survey_page(request: Request) -> Response:
    from services.entrypoints.api.protection import check_surveyor

    def build(session: Any, who: Caller) -> Response:
        check_surveyor(request, who)
        return _survey_page(request, session, who)
    return _guarded(request, build)


@router.post("/survey", response_class=HTMLResponse)
async def survey(request: Request) -> Response:
    from pydantic import ValidationError

    from services.entrypoints.api.protection import NOT_KEPT, SurveyRecordBody, check_surveyor, file_survey
    from services.entrypoints.api.protection import refused_report as refused

    def build(session: Any, who: Caller, form: dict[str, str]) -> Response:
        check_surveyor(request, who)  # the caller check comes before the form's
        typed = form.get("id_number", "").strip()[:80]
        found = {"yes": True, "no": False}.get(form.get("found_at_address", ""))
        categories = [c for c in labels.REASONS if form.get(f"cat_{c}")]  # the contract's seven categories
        try:
            body = SurveyRecordBody.model_validate({
                "child_key" if is_child_key(typed) else "id_number": typed,
                "campaign": form.get("campaign", "").strip()[:40], "surveyed_on": form.get("surveyed_on") or None,
                "found_at_address": found, "result": form.get("result"), "categories_found": categories})
        except ValidationError as exc:  # on the trail by field name; the page says it in Chinese, echoing nothing
            fields = sorted({str(e["loc"][0]) for e in exc.errors() if e["loc"]})
            refused(request, who, f"console form: {', '.join(fields)}", what=NOT_KEPT)
            raise BadRequest("请检查：" + "、".join(labels.SURVEY_FIELDS.get(f, f) for f in fields)) from None
        file_survey(request, who, body)
        return _survey_page(request, session, who, notice="摸排记录已提交。")
    return await _posted(request, build)
