"""The right to deletion: destroy the child's data keys, then announce the erasure so every projection clears."""

from __future__ import annotations

from datetime import UTC, datetime

from events.contracts.common import ChildErased
from events.envelope import Envelope
from privacy.audit import AuditEvent, AuditSink
from privacy.keyring import Keyring
from privacy.pseudonym import is_child_key


def erase_child(keyring: Keyring, publisher: object, audit: AuditSink, actor: str, child_key: str,
                request_reference: str, legal_basis: str) -> int:
    """Crypto-shred first (copies in topics and backups become unreadable at once), then publish the tombstone event.
    The audit trail keeps that it happened (written first: no erasure without its record).

    Returns how many data keys were destroyed.
    """
    if not is_child_key(child_key):  # an ID number typed as the key: never stored, audited or marked erased
        raise ValueError("not a child key (give the ID number as --id-number: it is hashed, never stored)")
    audit.append(AuditEvent(actor, "privacy_officer", "erasure", "erase", "allowed", child_key, (), "erasure",
                            f"request {request_reference}; basis {legal_basis}"))
    destroyed = keyring.destroy_child(child_key)
    event = Envelope.new(ChildErased(request_reference=request_reference, legal_basis=legal_basis),
                         source="platform", child_key=child_key, occurred_at=datetime.now(UTC))
    publisher.publish_many([event])  # type: ignore[attr-defined]
    return destroyed
