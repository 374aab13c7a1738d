"""Per-purpose views: projection changes -> only the fields a purpose allows, sealed for that subscriber -> view topic.

A view never carries plaintext on the broker: each message is sealed under a key derived from the view's secret and
the child's data key (privacy/per_child.py), so erasing a child makes every view message of that child unreadable,
and the projector then writes a tombstone for the child (view topics are compacted). A subscribing app gets the
per-child keys from the platform (the API's key route, audited) and never holds a key that outlives an erasure.
Every delivery of personal data is audited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from privacy.access_policy import Policy
from privacy.audit import AuditEvent, AuditSink
from privacy.cipher import FieldCipher, TamperedCiphertext
from privacy.keyring import Keyring
from privacy.per_child import KeySource, PerChildSealer, child_of, key_id_of, open_with
from services.adapters.store.port import ProjectionStore
from services.adapters.topics import Topics
from services.usecases.access import KNOWN_FIELDS, gone, plain_fields
from services.usecases.follow import follow_changes

VIEW_ROLE = "downstream_app"


VIEW_PREFIX = b"view:v2:"
VIEW_TOPIC_CONFIG = {"cleanup.policy": "compact"}  # a child's newest message (or tombstone) is what stays


def view_sealer(keyring: Keyring, purpose: str) -> PerChildSealer:
    """The sealer of one view (the platform's side; subscribers get its per-child keys)."""
    return PerChildSealer(keyring, f"view:{purpose}", VIEW_PREFIX)


def seal_view(sealer: PerChildSealer, child_key: str, body: dict[str, Any]) -> bytes:
    """Encrypt one view message for its subscriber (bound to the child key, under the child's key)."""
    return sealer.seal(child_key, json.dumps(body, ensure_ascii=False).encode(), child_key.encode())


def open_view(keys: KeySource, child_key: str, blob: bytes) -> dict[str, Any]:
    """Inverse of seal_view (used by the subscriber SDK); the message must name a key of this child."""
    if child_of(key_id_of(VIEW_PREFIX, blob)) != child_key:
        raise TamperedCiphertext("view message sealed for another child")
    return json.loads(open_with(keys, VIEW_PREFIX, blob, child_key.encode()))


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
    sealer: PerChildSealer

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
        topic = self.topics.view(self.purpose)
        if gone(record, self.sealer.keyring):
            # Erased: a tombstone, so compaction drops the child's older (already unreadable) messages.
            self.producer.send(topic, key=child_key.encode(), value=None)
            return {"child_key": child_key, "version": record.version, "erased": True, "fields": {}}
        opened = plain_fields(record, self.cipher, self.fields())
        body = {"child_key": child_key, "version": record.version, "erased": False, "fields": opened}
        # Audit first: without a record there is no delivery.
        self.audit.append(AuditEvent(f"view:{self.purpose}", VIEW_ROLE, self.purpose, "deliver", "allowed",
                                     child_key, tuple(opened), topic))
        self.producer.send(topic, key=child_key.encode(), value=seal_view(self.sealer, child_key, body))
        return body

    def run(self, bootstrap_servers: str, stop_after_idle_s: float | None = None) -> int:
        """Consume projection changes in the view's consumer group; returns how many views were sent."""
        return follow_changes(self.topics, bootstrap_servers, f"{self.topics.namespace}view-{self.purpose}",
                              lambda keys: sum(self.project(k) is not None for k in keys), self.producer.flush,
                              stop_after_idle_s)
