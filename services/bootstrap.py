"""The composition root: builds store, keys, producer and handler from settings. Nothing connects at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from privacy.audit import AnchorStore, AuditRecord, AuditSink, Checkpoint, VerifyResult
from privacy.cipher import FieldCipher
from privacy.keyring import Keyring
from services.adapters.keyring_files import file_keyring
from services.adapters.store import Database, ProjectionStore, SqlProjectionStore, open_database
from services.adapters.topics import Topics
from services.settings import Settings

if TYPE_CHECKING:  # built lazily below: importing them here would load Kafka, the API and faust with any command
    from services.adapters.messaging import Producer
    from services.entrypoints.api.app import ApiContext
    from services.processor.handler import BatchHandler
    from services.sdk.publisher import Publisher
    from services.usecases.care import CareJobs
    from services.usecases.views import ViewProjector


@dataclass
class Platform:
    """Lazily built parts of one running service."""

    settings: Settings = field(default_factory=Settings)

    @property
    def topics(self) -> Topics:
        return Topics(self.settings.namespace)

    @cached_property
    def _engine(self) -> Engine:
        return open_database(self.settings.database_url)

    @property
    def database(self) -> Database:
        """The SQL database (migrated), shared by the store, the audit table and the API tokens."""
        return self._engine

    @cached_property
    def store(self) -> ProjectionStore:
        return SqlProjectionStore(self.settings.database_url, self._engine)

    @cached_property
    def keyring(self) -> Keyring:
        return file_keyring(self.settings.keyring_dir)

    @cached_property
    def cipher(self) -> FieldCipher:
        return FieldCipher(self.keyring)

    @cached_property
    def pseudonym_secret(self) -> bytes:
        """The HMAC secret of child keys and the ID-number blind index."""
        return self.keyring.secret("pseudonym")

    @cached_property
    def redact(self) -> Callable[[str], str]:
        from privacy.redaction import redact

        return redact

    @cached_property
    def _producers(self) -> dict[str, Producer]:
        return {}

    def producer_for(self, role: str) -> Producer:
        """The idempotent producer of one Kafka role (services/adapters/kafka_auth.py): `dept:<department>`,
        `processor`, `projector`, `audit`; built once per principal."""
        from services.adapters.kafka_admin import idempotent_producer, sasl_identity

        identity = sasl_identity(role, self.settings)
        who = identity[2] if identity else ""
        if who not in self._producers:
            self._producers[who] = idempotent_producer(self.settings.bootstrap_servers, role, self.settings)
        return self._producers[who]

    @property
    def producer(self) -> Producer:
        """The processor's producer (its outbox relay writes projection changes and dead letters)."""
        return self.producer_for("processor")

    def audit_sink(self, to_kafka: bool = True) -> AuditSink:
        """The audit trail: SQL table always, and the Kafka audit topic unless to_kafka is False (offline tools)."""
        from services.adapters.audit_log import SqlAuditSink

        return SqlAuditSink(self.database, self.keyring.secret("audit"),
                            self.producer_for("audit") if to_kafka else None, self.topics.audit,
                            self.audit_anchor, self.keyring.secret("audit-anchor"))

    @property
    def audit_anchor(self) -> AnchorStore:
        """The signed head of the audit chain, a file in the keyring directory."""
        from services.adapters.audit_anchor import FileAnchorStore

        return FileAnchorStore(self.settings.keyring_dir)

    def verify_audit(self, with_topic: bool = False) -> VerifyResult:
        """Compare the audit table with its anchor and, when asked, with the audit topic (privacy.audit.verify)."""
        topic: list[AuditRecord] | None = None
        checkpoints: list[Checkpoint] = []
        if with_topic:
            from services.adapters.audit_anchor import read_audit_topic

            topic, checkpoints = read_audit_topic(self.settings.bootstrap_servers, self.topics.audit,
                                                  settings=self.settings)
        return self.audit_sink(to_kafka=False).verify_trail(topic, checkpoints)

    def api_context(self, to_kafka: bool = True) -> ApiContext:
        """Everything the API routes need."""
        from privacy.access_policy import load_policy
        from services.entrypoints.api.app import ApiContext
        from services.usecases.access import AccessService

        audit = self.audit_sink(to_kafka)
        policy = load_policy()
        return ApiContext(self.database, AccessService(self.store, self.cipher, policy, audit), audit, policy,
                          self.pseudonym_secret, self.store, self.cipher, self.publisher() if to_kafka else None,
                          operations=self.operations_status)

    def operations_status(self) -> dict[str, object]:
        """What the operator's page shows: lag per partition, outbox, dead letters per reason, key versions."""
        from dataclasses import asdict

        from services.usecases.health import broker_end_offsets, read_health

        try:
            ends = broker_end_offsets(self.settings, self.topics.departments)
            status: dict[str, object] = asdict(read_health(self.store, ends, self.settings.processor_group))
        except Exception as exc:  # noqa: BLE001 - the page says the broker is unreachable instead of failing
            status = asdict(read_health(self.store, {}, self.settings.processor_group))
            status["error"] = f"消息服务不可达（{type(exc).__name__}），延迟未知"
        status["key_versions"] = (f"主密钥（KEK）当前版本 {self.keyring.wrapper.current_version()}，"
                                  f"使用中版本 {sorted(self.keyring.kek_versions_in_use())}")
        return status

    def view_projector(self, purpose: str, to_kafka_audit: bool = True) -> ViewProjector:
        """The projector of one per-purpose view."""
        from privacy.access_policy import load_policy
        from services.usecases.views import ViewProjector, view_sealer

        return ViewProjector(purpose, self.store, self.cipher, load_policy(), self.audit_sink(to_kafka_audit),
                             self.producer_for("projector"), self.topics, view_sealer(self.keyring, purpose))

    def ensure_view_topic(self, purpose: str) -> None:
        """Create a view topic (compacted: a child's newest message or tombstone stays)."""
        from services.adapters.kafka_admin import ensure_topics
        from services.usecases.views import VIEW_TOPIC_CONFIG

        ensure_topics(self.settings.bootstrap_servers, [self.topics.view(purpose)], self.settings.partitions,
                      self.settings, VIEW_TOPIC_CONFIG)

    def care_jobs(self, actor: str, to_kafka_audit: bool = True) -> CareJobs:
        """Entitlements, ledger deadlines and statistics over the store, run as the care-job service principal
        named `actor` (its rules in access_policy.json say what it may open) and audited under it."""
        from services.usecases.care import CareJobs, job_principal

        return CareJobs(self.store, self.cipher, self.audit_sink(to_kafka_audit), job_principal(actor))

    def ensure_topics(self) -> None:
        """Create every topic the pipeline uses, and grant each Kafka principal its rights in this namespace."""
        from services.adapters.kafka_admin import ensure_acls, ensure_topics

        t = self.topics
        ensure_topics(self.settings.bootstrap_servers, [*t.departments, t.dead_letter, t.changes, t.audit],
                      self.settings.partitions, self.settings)
        ensure_acls(self.settings.bootstrap_servers, self.settings.namespace, settings=self.settings)

    def handler(self, store: ProjectionStore | None = None, group: str | None = None,
                emit: bool = True) -> BatchHandler:
        """The batch handler with privacy wired in; a rebuild passes its fresh store and emit=False."""
        from services.processor.handler import BatchHandler
        from services.processor.record_cache import RecordCache
        from services.usecases.protection import DeadLetterSealer, RecordProtector

        cache = RecordCache(self.settings.record_cache, self.settings.record_cache_mb * 1024 * 1024)
        if not self.settings.privacy:
            return BatchHandler(store or self.store, self.topics, group or self.settings.processor_group,
                                emit=emit, cache=cache)
        return BatchHandler(store or self.store, self.topics, group or self.settings.processor_group,
                            protect=RecordProtector(self.cipher, self.redact),
                            seal_dead_letter=DeadLetterSealer(self.keyring).seal, emit=emit, cache=cache,
                            # keys of children that have none are still created one by one, when a value needs one
                            key_scope=lambda child_keys: self.cipher.batch(child_keys, create=False))

    def publisher(self, seal: bool = True) -> Publisher:
        """The department SDK; by default personal fields are sealed before they leave (client-side encryption)."""
        from services.sdk.publisher import Publisher
        from services.usecases.protection import EdgeSealer

        return Publisher(self.settings.bootstrap_servers, self.settings.namespace,
                         producer_for=lambda department: self.producer_for(f"dept:{department}"),
                         edge=EdgeSealer(self.cipher) if seal else None)

    def close(self) -> None:
        """Release what was built."""
        for producer in self.__dict__.get("_producers", {}).values():
            producer.close()
        self.__dict__.pop("_producers", None)
        if "store" in self.__dict__:
            self.store.close()
        if "_engine" in self.__dict__:
            self._engine.dispose()
        if "keyring" in self.__dict__:
            self.keyring.close()
