"""Harm reports on a child whose record was erased: kept, sealed, for the reporting area's 民政 crisis intervention.

A report (强制报告) must not be lost, and an erased record must stay erased (the keyring never makes a new key for an
erased child key). Refusing the report ("the child's record was erased") told a grid worker that the ID number had
been on the platform, and dropped the report. So the gateway answers such a report exactly as any other (202, one
event id) and keeps it here instead of on the child's record:

- sealed (AES-GCM) under a key of its own (`uhr_<random>` in the keyring, not the erased child's; destroying it
  shreds the report), with what the reporter gave (the ID number or the key), the kind, the time the report names
  and who reported; in the clear only its id, the area where it was made (the reporter's area: where it is routed),
  when it was filed and the filer's pseudonym for this report (a keyed hash of the report id and the filer's staff id:
  it names nobody and links no two reports);
- an alert (`unrecorded_harm_report`) to that area's civil affairs crisis intervention (role `caseworker`, purpose
  `crisis_intervention`), who may open it, audited, to act on it outside the erased record, and shred it once done;
- no other purpose sees anything of it (a police officer, a school, the reporter, 民政 of another area are refused,
  audited); nothing of it goes to a topic or a log, and the audit records name the report id, never the child;
- its filer, even a caseworker of that area, gets neither its alert, nor it in the list, nor it opened or shredded
  (as if it did not exist): a report on a child with a record gives its filer no scope and no alert either
  (AccessService.own_reports), so nothing tells a filer whether the ID number was erased or never known.
"""

from __future__ import annotations

import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select

from events.event_ids import new_event_id
from privacy.access_policy import Decision, Policy
from privacy.audit import AuditEvent, AuditSink
from privacy.keyring import ChildErased, KeyMissing, Keyring
from privacy.per_child import PerChildSealer, child_of, key_id_of
from services.adapters.store.database import Database
from services.adapters.store.schema import unrecorded_harm_reports as table
from services.adapters.tokens import Principal
from services.usecases.access import AccessDenied, NotFound, filer_pseudonym

RECEIVER = ("caseworker", "crisis_intervention")  # 民政's crisis intervention of the area where it was made
ALERT_KIND = "unrecorded_harm_report"
LABEL, PREFIX = "unrecorded_harm", b"uhr:v1:"
OPENED_FIELDS = ("report.id_number", "report.child_key", "report.kind", "report.reported_at", "report.reporter")


@dataclass(frozen=True)
class Report:
    """What a filer gave: exactly one of the ID number or the child key."""

    kind: str
    reported_at: datetime
    reporter: str
    id_number: str | None = None
    child_key: str | None = None


def _sealer(keyring: Keyring) -> PerChildSealer:
    return PerChildSealer(keyring, LABEL, PREFIX)


def keep(database: Database, keyring: Keyring, audit: AuditSink, who: Principal, purpose: str, origin: str,
         report: Report, area: str) -> str:
    """Keep a report on an erased child, sealed under a new key of its own; returns its id (shaped as an event id,
    as the answer to any report carries one). The audit record comes first: no audit, nothing kept."""
    report_id = new_event_id()
    audit.append(AuditEvent(who.name, who.role, purpose, "ingest", "allowed", None, (), origin,
                            f"harm report kept as unrecorded report {report_id} for area {area[:12]} (its child has "
                            "no record on the platform); alert to 民政 crisis intervention"))
    plain = json.dumps({"id_number": report.id_number, "child_key": report.child_key, "kind": report.kind,
                        "reported_at": report.reported_at.isoformat(), "reporter": report.reporter},
                       ensure_ascii=False).encode()
    sealed = _sealer(keyring).seal(f"uhr_{secrets.token_hex(20)}", plain, report_id.encode())
    with database.begin() as conn:
        conn.execute(table.insert(), [{"report_id": report_id, "area": area[:12], "filed_at": datetime.now(UTC),
                                       "sealed": sealed.decode(),
                                       "filer": filer_pseudonym(keyring, report_id, who.name)}])
    return report_id


def _utc(at: datetime) -> datetime:
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _filed_by(keyring: Keyring, row: Any, name: str) -> bool:
    return row.filer is not None and hmac.compare_digest(row.filer, filer_pseudonym(keyring, row.report_id, name))


def alerts(database: Database, area: str, since: datetime, until: datetime, keyring: Keyring | None = None,
           not_filed_by: str | None = None) -> list[dict[str, Any]]:
    """Reports filed in (since, until] in `area` (a prefix): for its 民政 crisis intervention, but those filed by
    `not_filed_by` (the caller's staff id; needs the keyring). Nothing personal: the report id, when it was filed,
    where."""
    with database.connect() as conn:
        rows = conn.execute(select(table.c.report_id, table.c.area, table.c.filed_at, table.c.filer)
                            .where(table.c.area.startswith(area, autoescape=True))
                            .order_by(table.c.filed_at)).all()
    if not_filed_by is not None:
        if keyring is None:
            raise ValueError("whose reports to leave out needs the keyring")
        rows = [r for r in rows if not _filed_by(keyring, r, not_filed_by)]
    return [{"child_key": None, "report_id": r.report_id, "kind": ALERT_KIND, "to": "civil_affairs",
             "due_at": _utc(r.filed_at).isoformat(), "area": r.area}
            for r in rows if since < _utc(r.filed_at) <= until]


def _check(policy: Policy, audit: AuditSink, who: Principal, purpose: str, origin: str, action: str) -> None:
    rule = policy.rule(who.role, purpose)
    if (who.role, purpose) != RECEIVER or rule is None or not rule.same_area or not who.area:
        decision = Decision(False, rule.id if rule else None, f"role {who.role!r} with purpose {purpose!r} gets no "
                                                              "unrecorded harm report")
        audit.append(AuditEvent(who.name, who.role, purpose, "deny", "denied", None, (), origin,
                                f"unrecorded harm reports ({action}): {decision.reason}"))
        raise AccessDenied(decision)


def listing(database: Database, keyring: Keyring, policy: Policy, audit: AuditSink, who: Principal, purpose: str,
            origin: str) -> list[dict[str, Any]]:
    """The reports of the caller's area not yet shredded (id, area, when filed), for 民政's crisis intervention;
    not those the caller filed."""
    _check(policy, audit, who, purpose, origin, "list")
    found = alerts(database, who.area or "\0", datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC),
                   keyring, who.name)
    audit.append(AuditEvent(who.name, who.role, purpose, "list", "allowed", None, (), origin,
                            f"unrecorded harm reports of {who.area}: {len(found)}"))
    return [{k: a[k] for k in ("report_id", "area")} | {"filed_at": a["due_at"]} for a in found]


def _row(database: Database, report_id: str) -> Any:
    with database.connect() as conn:
        return conn.execute(select(table).where(table.c.report_id == report_id[:64])).first()


def _in_callers_area(database: Database, keyring: Keyring, audit: AuditSink, who: Principal, purpose: str,
                     origin: str, report_id: str, action: str) -> Any:
    """The report's row when it was made in the caller's area and not filed by the caller; else the refusal is
    audited and NotFound raised (another area's, the caller's own, an unknown and a shredded report look the
    same)."""
    row = _row(database, report_id)
    if row is None or not who.area or not row.area.startswith(who.area) or _filed_by(keyring, row, who.name):
        audit.append(AuditEvent(who.name, who.role, purpose, action, "error", None, (), origin,
                                "unrecorded harm report: none such in the caller's area"))
        raise NotFound()
    return row


def open_report(database: Database, keyring: Keyring, policy: Policy, audit: AuditSink, who: Principal, purpose: str,
                origin: str, report_id: str) -> dict[str, Any]:
    """One report opened (the ID number with it) for 民政's crisis intervention of the area where it was made; the
    audit record is written before it is opened. Another area's, an unknown or a shredded report: NotFound."""
    _check(policy, audit, who, purpose, origin, "open")
    row = _in_callers_area(database, keyring, audit, who, purpose, origin, report_id, "decrypt")
    audit.append(AuditEvent(who.name, who.role, purpose, "decrypt", "allowed", None, OPENED_FIELDS, origin,
                            f"unrecorded harm report {row.report_id} opened to act on it"))
    try:
        plain = json.loads(_sealer(keyring).open(row.sealed.encode(), row.report_id.encode()))
    except (ChildErased, KeyMissing):
        raise NotFound() from None
    return {"report_id": row.report_id, "area": row.area, "filed_at": _utc(row.filed_at).isoformat(), **plain}


def shred(database: Database, keyring: Keyring, policy: Policy, audit: AuditSink, who: Principal, purpose: str,
          origin: str, report_id: str) -> None:
    """Once acted on: its key destroyed (crypto-shredding) and its row deleted; audited first."""
    _check(policy, audit, who, purpose, origin, "shred")
    row = _in_callers_area(database, keyring, audit, who, purpose, origin, report_id, "erase")
    audit.append(AuditEvent(who.name, who.role, purpose, "erase", "allowed", None, (), origin,
                            f"unrecorded harm report {row.report_id} shredded"))
    keyring.destroy_child(child_of(key_id_of(PREFIX, row.sealed.encode())))
    with database.begin() as conn:
        conn.execute(delete(table).where(table.c.report_id == row.report_id))
