"""Reading children under a purpose: policy decision, decryption of allowed fields only, and an audit record each time."""

from __future__ import annotations

from dataclasses import dataclass
from collections.abc import Iterable
from typing import Any

from privacy.access_policy import Decision, Policy
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher, is_sealed
from privacy.keyring import ChildErased
from projections.fields import FIELDS
from projections.record import ChildRecord
from services.store.port import ProjectionStore
from services.tokens import Principal

KNOWN_FIELDS = sorted(FIELDS)
MASK = "***"


def plain_fields(record: ChildRecord, cipher: FieldCipher, names: Iterable[str]) -> dict[str, Any]:
    """The named fields of a record, opened where sealed; a crypto-shredded child yields nothing."""
    out: dict[str, Any] = {}
    for name in names:
        fv = record.fields.get(name)
        if fv is None:
            continue
        try:
            out[name] = cipher.open(record.child_key, name, fv.value) if is_sealed(fv.value) else fv.value
        except ChildErased:
            return {}
    return out


class AccessDenied(Exception):
    """The policy refused; carries the decision (which rule, why)."""

    def __init__(self, decision: Decision) -> None:
        super().__init__(decision.reason)
        self.decision = decision


class NotFound(Exception):
    """No such child."""


@dataclass(frozen=True)
class ChildView:
    """What one caller may see of one child: opened allowed fields, masked names of the rest."""

    child_key: str
    version: int
    erased: bool
    fields: dict[str, Any]
    masked: list[str]
    rule_id: str | None


class AccessService:
    """Every read goes through here so that policy and audit cannot be skipped."""

    def __init__(self, store: ProjectionStore, cipher: FieldCipher, policy: Policy, audit: AuditSink) -> None:
        self.store, self.cipher, self.policy, self.audit = store, cipher, policy, audit

    def _record(self, principal: Principal, purpose: str, action: str, child_key: str | None, origin: str,
                outcome: str, fields: tuple[str, ...] = (), detail: str = "") -> None:
        # Raises AuditFailed: then the caller must not return any data.
        self.audit.append(AuditEvent(principal.name, principal.role, purpose or "", action, outcome, child_key,
                                     fields, origin, detail))

    def deny(self, principal: Principal, purpose: str, action: str, child_key: str | None, origin: str,
             decision: Decision) -> AccessDenied:
        """Audit a denial and return the exception to raise."""
        self._record(principal, purpose, "deny", child_key, origin, "denied", decision.denied_fields,
                     f"{action}: {decision.reason}")
        return AccessDenied(decision)

    def read(self, principal: Principal, purpose: str, child_key: str, requested: list[str] | None = None,
             origin: str = "", action: str = "read") -> ChildView:
        """One child's record as this caller may see it."""
        record = self.store.get(child_key)
        if record is None:
            self._record(principal, purpose, action, child_key, origin, "error", detail="no such child")
            raise NotFound(child_key)
        return self._view(principal, purpose, record, requested, origin, action)

    def _view(self, principal: Principal, purpose: str, record: ChildRecord, requested: list[str] | None,
              origin: str, action: str) -> ChildView:
        wanted = requested or [f for f in KNOWN_FIELDS if f in record.fields]
        unknown = [f for f in wanted if f not in FIELDS]
        if unknown:
            raise ValueError(f"unknown field(s): {', '.join(unknown)}")
        decision = self.policy.decide(principal.role, purpose, wanted, KNOWN_FIELDS, principal.area,
                                      record.value("residence.area_code"))
        if not decision.allowed:
            raise self.deny(principal, purpose, action, record.child_key, origin, decision)
        opened = plain_fields(record, self.cipher, decision.allowed_fields)
        masked = [f for f in wanted if f not in opened and f in record.fields]
        self._record(principal, purpose, action, record.child_key, origin, "allowed", tuple(opened),
                     f"rule {decision.rule_id}")
        return ChildView(record.child_key, record.version, record.erased, opened, masked, decision.rule_id)

    def list_area(self, principal: Principal, purpose: str, area: str, records: list[ChildRecord],
                  requested: list[str] | None, origin: str = "") -> list[ChildView]:
        """Views of many children (each one audited on its own, so bulk reads are visible per child)."""
        return [self._view(principal, purpose, r, requested, origin, "list") for r in records]
