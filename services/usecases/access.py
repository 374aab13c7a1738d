"""The gate for personal data: every read of a child goes through here.

principal + role + purpose -> the policy's fields -> open only those -> audit first -> release. The gate answers so
that a caller learns nothing it need not: a role and purpose that may read no child is refused before any lookup; a
child outside the caller's scope, an erased child and an unknown child get the same answer; field names are named
only where the purpose may see them; an input that is not a child key (an ID number typed in the wrong box) is
never stored as a key.
"""

from __future__ import annotations

import fnmatch
import hmac
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from privacy.access_policy import Decision, Policy, Rule
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher, TamperedCiphertext, is_sealed
from privacy.keyring import ChildErased, Keyring, KeyringError
from privacy.pseudonym import ALERT_KEY_SECRET, alert_key, filer_id, is_alert_key, is_child_key, scrub_id_numbers
from projections.fields import FIELDS
from projections.harm_cases import CASE_FIELDS, FILER_FIELDS, open_case_areas
from projections.record import ChildRecord
from projections.risk_record import RISK_HISTORY, opened_history
from services.adapters.store.port import ProjectionStore
from services.adapters.tokens import Principal

KNOWN_FIELDS = sorted(FIELDS)
__all__ = ["KNOWN_FIELDS", "AccessService", "AccessDenied", "BadRequest", "NotFound", "ChildView", "check_area",
           "filer_pseudonym", "gone", "is_child_key", "plain_fields"]
FILER_SECRET = "filer"  # the keyring's named secret of filer pseudonyms


def filer_pseudonym(keyring: Keyring, scope: str, name: str) -> str:
    """The pseudonym of a report's filer (the caller's staff id, from the token) for one scope: the child key of a
    report on a record, or an unrecorded report's id (privacy.pseudonym.filer_id)."""
    return filer_id(keyring.secret(FILER_SECRET), scope, name)


def gone(record: ChildRecord, keyring: Keyring) -> bool:
    """Erased, or being erased: the keys are destroyed before the erasure event reaches the record."""
    return record.erased or keyring.is_destroyed(record.child_key)


def plain_fields(record: ChildRecord, cipher: FieldCipher, names: Iterable[str],
                 unreadable: list[str] | None = None) -> dict[str, Any]:
    """The named fields of a record, opened where sealed; a crypto-shredded child yields nothing. A token that does
    not open (forged, or sealed for another field) is left out and named in `unreadable` when a list is given."""
    out: dict[str, Any] = {}
    for name in names:
        fv = record.fields.get(name)
        if fv is None:
            continue
        try:
            value = cipher.open(record.child_key, name, fv.value) if is_sealed(fv.value) else fv.value
            if name == RISK_HISTORY:  # its entries' levels and dates are sealed one by one
                value = opened_history(value, lambda f, v: cipher.open(record.child_key, f, v) if is_sealed(v) else v)
            out[name] = value
        except ChildErased:
            return {}
        except (TamperedCiphertext, KeyringError):
            if unreadable is not None:
                unreadable.append(name)
    return out


class BadRequest(ValueError):
    """The caller's request is malformed (its message names only what the caller sent)."""


def check_area(area: str, longest: int = 12) -> str:
    """An area-code prefix a person typed (CLI, query): ASCII digits, at most `longest` of them (an ID number has 15
    or 18, so it never passes), or none. The refusal does not repeat what was typed."""
    if area and not (area.isascii() and area.isdigit() and len(area) <= longest):
        raise BadRequest(f"area: the digits of an area code (at most {longest}), or none")
    return area


class AccessDenied(Exception):
    """The policy refused; carries the decision (which rule, why)."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


class NotFound(Exception):
    """No such child in the caller's scope (unknown, erased, out of scope and not a key all look alike)."""


@dataclass(frozen=True)
class ChildView:
    """What one caller may see of one child: the opened fields its purpose allows, and which of those could not
    be opened (`masked`: a damaged value; only ever fields the purpose may see)."""

    child_key: str
    version: int
    erased: bool
    fields: dict[str, Any]
    masked: list[str]
    rule_id: str | None
    # where each released value came from: {"source": department, "on": the day its event occurred}; only for the
    # fields released, so provenance tells nothing the purpose excludes
    sources: dict[str, dict[str, str]] = field(default_factory=dict)


class AccessService:
    """The gate: policy and audit cannot be skipped, and the audit record is written before anything is released."""

    def __init__(self, store: ProjectionStore, cipher: FieldCipher, policy: Policy, audit: AuditSink) -> None:
        self.store, self.cipher, self.policy, self.audit = store, cipher, policy, audit
        self._filer_secret: bytes | None = None

    def _record(self, principal: Principal, purpose: str, action: str, child_key: str | None, origin: str,
                outcome: str, fields: tuple[str, ...] = (), detail: str = "") -> None:
        # Raises AuditFailed: then the caller must not return any data.
        self.audit.append(AuditEvent(principal.name, principal.role, purpose or "", action, outcome,
                                     child_key if is_child_key(child_key) else None, fields, origin, detail))

    def deny(self, principal: Principal, purpose: str, action: str, child_key: str | None, origin: str,
             decision: Decision) -> AccessDenied:
        """Audit a denial and return the exception to raise."""
        self._record(principal, purpose, "deny", child_key, origin, "denied", decision.denied_fields,
                     f"{action}: {decision.reason}")
        return AccessDenied(decision)

    def audit_query(self, principal: Principal, purpose: str, origin: str, what: str,
                    child_key: str | None = None) -> None:
        """Let a compliance query run (the purpose's rule must allow the audit trail) and audit it first; an ID number
        typed into the query is never written."""
        rule = self.policy.rule(principal.role, purpose)
        if rule is None or not rule.audit:
            raise self.deny(principal, purpose, "audit_query", child_key, origin, Decision(
                False, rule.id if rule else None,
                f"role {principal.role!r} with purpose {purpose!r} may not query the audit trail"))
        self._record(principal, purpose, "audit_query", child_key, origin, "allowed",
                     detail=scrub_id_numbers(what)[:300])

    def grant(self, principal: Principal, purpose: str, action: str, origin: str,
              requested: list[str] | None = None, asked_for: str | None = None) -> tuple[Rule, list[str]]:
        """The rule and the fields this caller may have, decided before any child is looked up (so a refusal
        says nothing about whether a child exists). Refuses a role/purpose that may read no child's fields.
        `asked_for` (the key the caller named, if it is one) goes into the audit record of a refusal."""
        unknown = [f for f in requested or () if f not in FIELDS]
        if unknown:
            raise BadRequest(f"unknown field(s): {', '.join(unknown[:20])}")
        rule = self.policy.rule(principal.role, purpose)
        if rule is None or not rule.fields:
            reason = (f"role {principal.role!r} may not act for purpose {purpose!r} "
                      f"(allowed: {', '.join(self.policy.purposes(principal.role)) or 'none'})" if rule is None
                      else f"rule {rule.id} reads no child's fields")
            raise self.deny(principal, purpose, action, asked_for, origin,
                            Decision(False, rule.id if rule else None, reason, denied_fields=tuple(requested or ())))
        permitted = self.policy.fields_for(rule, KNOWN_FIELDS)
        if requested:
            denied = tuple(f for f in requested if f not in permitted)
            if denied:  # names the caller gave: echoing them reveals nothing about any child
                raise self.deny(principal, purpose, action, asked_for, origin,
                                Decision(False, rule.id, f"rule {rule.id} does not allow the field(s) requested",
                                         denied_fields=denied))
            return rule, list(requested)
        return rule, permitted

    def in_scope(self, principal: Principal, rule: Rule, record: ChildRecord) -> bool:
        """Whether the child lies in the caller's area, where the rule binds the caller to one, and, where the rule
        asks for an assignment (a social worker's case work), whether the child's record names the caller."""
        return self._scope(principal, rule, record) is not None

    def _scope(self, principal: Principal, rule: Rule, record: ChildRecord) -> str | None:
        # Why the child is in the caller's scope ("rule", "area", "case"), or None.
        if rule.assigned_to is not None and record.value(rule.assigned_to) != principal.name:
            return None  # a sealed or missing value names nobody: fail closed
        if rule.only_with and not self._has_case(principal, rule, record):
            return None  # a purpose that acts on a case sees the children with one
        if not rule.same_area:
            return "rule"
        if not principal.area:
            return None
        area = record.value("residence.area_code")  # internal, never sealed (projections/fields.py)
        if str(area or "").startswith(principal.area):
            return "area"
        if rule.case_area and any(a.startswith(principal.area) for a in self._case_areas(principal, record)):
            return "case"  # an open case reported in the caller's area (the child may have no known residence)
        return None

    def _has_case(self, principal: Principal, rule: Rule, record: ChildRecord) -> bool:
        # A field of the rule's only_with is on the record, and not only the caller's own report's: else filing a
        # report on an ID number would tell the filer that a known child lives in the filer's area (the colleagues of
        # the area act on it; the filer gets its acknowledgement).
        present = [name for name in record.fields if any(fnmatch.fnmatchcase(name, p) for p in rule.only_with)]
        if not present:
            return False
        mine = tuple(f"protection.report_{w}_" for w in self.own_reports(principal, record))
        return any(not name.startswith(mine) for name in present)

    def _case_areas(self, principal: Principal, record: ChildRecord) -> frozenset[str]:
        # The report areas of the child's open case: sealed fields, opened here for the check and never released
        # by it (what the caller sees is its rule's fields). The caller's own report gives the caller no scope: it
        # gets its acknowledgement, not the record (else filing a report on an ID number would tell the filer
        # whether the platform knew it: a new child found, an erased one not).
        return open_case_areas(plain_fields(record, self.cipher, CASE_FIELDS), skip=self.own_reports(principal, record))

    def own_reports(self, principal: Principal, record: ChildRecord) -> frozenset[str]:
        """The reporters (harm_cases.REPORTERS) whose current report on this child the caller filed: its sealed
        filer pseudonym is the caller's for this child (the staff id canonical: case, width and invisible characters
        do not make another filer). Opened for this check only, never released."""
        held = [f for f in FILER_FIELDS.values() if (fv := record.fields.get(f)) is not None and fv.value is not None]
        if not held:
            return frozenset()
        if self._filer_secret is None:
            self._filer_secret = self.cipher.keyring.secret(FILER_SECRET)
        mine = filer_id(self._filer_secret, record.child_key, principal.name).encode()
        opened = plain_fields(record, self.cipher, held)
        return frozenset(w for w, f in FILER_FIELDS.items()
                         if isinstance(v := opened.get(f), str) and hmac.compare_digest(v.encode(), mine))

    def read(self, principal: Principal, purpose: str, child_key: str, requested: list[str] | None = None,
             origin: str = "", action: str = "read") -> ChildView:
        """One child's record as this caller may see it; NotFound whenever the caller may not learn more."""
        rule, names = self.grant(principal, purpose, action, origin, requested, child_key)
        if not is_child_key(child_key):
            self._record(principal, purpose, action, None, origin, "error", detail="the input is not a child key "
                         "(not stored: it may be an ID number typed in the wrong place)")
            raise NotFound()
        record = self.store.get(child_key)
        erased = record is not None and gone(record, self.cipher.keyring)
        scope = None if record is None or erased else self._scope(principal, rule, record)
        if record is None or scope is None:
            why = ("no such child" if record is None else "erased" if erased
                   else f"rule {rule.id}: the child is outside the caller's area")
            self._record(principal, purpose, action, child_key, origin, "denied" if record else "error", detail=why)
            raise NotFound()
        return self._release(principal, purpose, rule, record, names, origin, action,
                             "; in scope by an open harm case reported in the caller's area" if scope == "case" else "")

    def resolve_alert_key(self, principal: Principal, purpose: str, reference: str, origin: str = "",
                          action: str = "key_use") -> str:
        """The child key an alert reference names (privacy.pseudonym.alert_key: what an alert-only purpose's alerts
        carry), for a caller of the purpose it was issued under and of the child's scope; NotFound, the same answer,
        for everything else: another purpose's reference, another area's child, an erased child, a forged or edited
        reference, anything not shaped like one. Each try is audited (the child key when resolved). No route takes
        a reference as input today; an action an alert allows (acknowledging it, say) resolves it here."""
        rule = self.policy.rule(principal.role, purpose)
        if rule is None:
            raise self.deny(principal, purpose, action, None, origin, Decision(
                False, None, f"role {principal.role!r} may not act for purpose {purpose!r}"))
        found = None
        if is_alert_key(reference):
            secret = self.cipher.keyring.secret(ALERT_KEY_SECRET)
            if rule.same_area:  # a caller bound to an area resolves only its area's children (checked again below)
                candidates: Iterable[ChildRecord] = self.store.in_area(principal.area, 10**9) if principal.area else ()
            else:
                candidates = self.store.records()
            found = next((r for r in candidates if hmac.compare_digest(alert_key(secret, purpose, r.child_key),
                                                                       reference)), None)
        if found is None or gone(found, self.cipher.keyring) or not self.in_scope(principal, rule, found):
            self._record(principal, purpose, action, None, origin, "error", detail="no such alert reference in the "
                         "caller's scope (unknown, another purpose's, erased or outside the area)")
            raise NotFound()
        self._record(principal, purpose, action, found.child_key, origin, "allowed",
                     detail=f"alert reference {reference} resolved under rule {rule.id}")
        return found.child_key

    def _release(self, principal: Principal, purpose: str, rule: Rule, record: ChildRecord, names: list[str],
                 origin: str, action: str, why: str = "") -> ChildView:
        unreadable: list[str] = []
        opened = plain_fields(record, self.cipher, names, unreadable)
        detail = f"rule {rule.id}{why}" + (f"; unreadable: {', '.join(unreadable)}" if unreadable else "")
        self._record(principal, purpose, action, record.child_key, origin, "allowed", tuple(opened), detail)
        sources = {n: {"source": str(fv.source), "on": fv.occurred_at.date().isoformat()}
                   for n in opened if (fv := record.fields.get(n)) is not None}
        return ChildView(record.child_key, record.version, record.erased, opened, unreadable, rule.id, sources)

    def list_area(self, principal: Principal, purpose: str, area: str, limit: int, requested: list[str] | None,
                  origin: str = "") -> list[ChildView]:
        """The children of an area the caller serves (each one audited on its own, so bulk reads are visible per
        child). An area outside the caller's own is refused before anything is looked up."""
        rule, names = self.grant(principal, purpose, "list", origin, requested)
        if rule.same_area and not (principal.area and area.startswith(principal.area)):
            raise self.deny(principal, purpose, "list", None, origin,
                            Decision(False, rule.id, f"rule {rule.id}: area {area} is outside the caller's area"))
        records = [r for r in self.store.in_area(area, limit)
                   if not gone(r, self.cipher.keyring) and self.in_scope(principal, rule, r)]
        return [self._release(principal, purpose, rule, r, names, origin, "list") for r in records]
