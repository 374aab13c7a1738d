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

from privacy.access_policy import Policy
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher
from services.access import KNOWN_FIELDS, plain_fields
from services.follow import follow_changes
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
        opened = plain_fields(record, self.cipher, self.fields())
        body = {"child_key": child_key, "version": record.version, "erased": record.erased, "fields": opened}
        # Audit first: without a record there is no delivery.
        self.audit.append(AuditEvent(f"view:{self.purpose}", VIEW_ROLE, self.purpose, "deliver", "allowed",
                                     child_key, tuple(opened), self.topics.view(self.purpose)))
        self.producer.send(self.topics.view(self.purpose), key=child_key.encode(),
                           value=seal_view(self.view_key, child_key, body))
        return body

    def run(self, bootstrap_servers: str, stop_after_idle_s: float | None = None) -> int:
        """Consume projection changes in the view's consumer group; returns how many views were sent."""
        return follow_changes(self.topics, bootstrap_servers, f"{self.topics.namespace}view-{self.purpose}",
                              lambda keys: sum(self.project(k) is not None for k in keys), self.producer.flush,
                              stop_after_idle_s)
