"""Per-purpose views: projection changes -> only the fields a purpose allows, sealed for that subscriber -> view topic.

A view never carries plaintext on the broker: each view has its own key (keyring secret "view:<purpose>") which the
operator hands to the subscribing app. Every delivery of personal data is audited.
"""

from __future__ import annotations

import base64
import json
import secrets
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from kafka import KafkaConsumer

from privacy.access_policy import Policy
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher, is_sealed
from privacy.keyring import ChildErased
from services.access import KNOWN_FIELDS
from services.store.port import ProjectionStore
from services.topics import Topics

VIEW_ROLE = "downstream_app"


def seal_view(key: bytes, child_key: str, body: dict[str, Any]) -> bytes:
    """Encrypt one view message for its subscriber (bound to the child key)."""
    nonce = secrets.token_bytes(12)
    ct = AESGCM(key).encrypt(nonce, json.dumps(body, ensure_ascii=False).encode(), child_key.encode())
    return b"view:v1:" + base64.b64encode(nonce + ct)


def open_view(key: bytes, child_key: str, blob: bytes) -> dict[str, Any]:
    """Inverse of seal_view (used by the subscriber SDK)."""
    raw = base64.b64decode(blob[len(b"view:v1:"):])
    return json.loads(AESGCM(key).decrypt(raw[:12], raw[12:], child_key.encode()))


@dataclass
class ViewProjector:
    """Follows projection.changed and publishes the purpose's view of each changed child."""

    purpose: str
    store: ProjectionStore
    cipher: FieldCipher
    policy: Policy
    audit: AuditSink
    producer: Any
    topics: Topics
    view_key: bytes

    def fields(self) -> list[str]:
        rule = self.policy.rule(VIEW_ROLE, self.purpose)
        if rule is None:
            raise ValueError(f"no view policy for purpose {self.purpose!r} (role {VIEW_ROLE})")
        return self.policy.fields_for(rule, KNOWN_FIELDS)

    def project(self, child_key: str) -> dict[str, Any] | None:
        """Build, seal, audit and send the view of one child; returns the plain body (for tests)."""
        record = self.store.get(child_key)
        if record is None:
            return None
        opened: dict[str, Any] = {}
        for name in self.fields():
            fv = record.fields.get(name)
            if fv is None:
                continue
            try:
                opened[name] = self.cipher.open(child_key, name, fv.value) if is_sealed(fv.value) else fv.value
            except ChildErased:
                continue
        body = {"child_key": child_key, "version": record.version, "erased": record.erased, "fields": opened}
        # Audit first: without a record there is no delivery.
        self.audit.append(AuditEvent(f"view:{self.purpose}", VIEW_ROLE, self.purpose, "deliver", "allowed",
                                     child_key, tuple(opened), self.topics.view(self.purpose)))
        self.producer.send(self.topics.view(self.purpose), key=child_key.encode(),
                           value=seal_view(self.view_key, child_key, body))
        return body

    def run(self, bootstrap_servers: str, stop_after_idle_s: float | None = None) -> int:
        """Consume projection changes in the view's consumer group; returns how many views were sent."""
        consumer = KafkaConsumer(self.topics.changes, bootstrap_servers=bootstrap_servers,
                                 group_id=f"{self.topics.namespace}view-{self.purpose}",
                                 auto_offset_reset="earliest", enable_auto_commit=False)
        sent, idle = 0, 0.0
        try:
            while stop_after_idle_s is None or idle < stop_after_idle_s:
                polled = consumer.poll(timeout_ms=1000, max_records=500)
                if not polled:
                    idle += 1.0
                    continue
                idle = 0.0
                changed = {json.loads(r.value)["child_key"] for records in polled.values() for r in records}
                for child_key in sorted(changed):  # one view per child per batch: its newest state
                    sent += self.project(child_key) is not None
                self.producer.flush()
                consumer.commit()  # after the views are on the broker: a crash re-sends, never skips
            return sent
        finally:
            consumer.close()
