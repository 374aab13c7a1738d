"""Topic creation, ACLs and kafka-python clients with the settings the platform relies on.

Every Kafka client of the platform gets its connection settings from `client_config` (kafka-python, aiokafka) or
`faust_credentials` (faust), given the role it acts in (see services/adapters/kafka_auth.py for roles and
principals)."""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable
from typing import Any

from kafka import KafkaAdminClient, KafkaProducer
from kafka.admin import NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from services.adapters.kafka_auth import Credentials, acl_spec, principal_of
from services.adapters.messaging import Consumer, Producer
from services.settings import Settings


def sasl_identity(role: str, settings: Settings | None = None) -> tuple[str, str, str, str] | None:
    """(security protocol, mechanism, user, password) for a client acting in `role`, or None for PLAINTEXT.

    KAFKA_SASL_USERNAME/PASSWORD, when set, are the one identity of the process whatever the role; otherwise the
    credentials file (the local broker's) gives the role's own principal."""
    s = settings or Settings()
    if s.kafka_sasl_username:
        return (s.kafka_security_protocol or "SASL_PLAINTEXT", s.kafka_sasl_mechanism, s.kafka_sasl_username,
                s.kafka_sasl_password)
    if s.kafka_security_protocol in ("", "SASL_PLAINTEXT", "SASL_SSL") and s.kafka_credentials_file.is_file():
        creds = Credentials.load(s.kafka_credentials_file)
        principal = principal_of(role)
        return (s.kafka_security_protocol or creds.security_protocol, creds.sasl_mechanism, principal,
                creds.password(principal))
    if s.kafka_security_protocol.startswith("SASL"):
        raise RuntimeError(f"{s.kafka_security_protocol} needs KAFKA_SASL_USERNAME/PASSWORD or a credentials file "
                           f"({s.kafka_credentials_file} does not exist)")
    return None


_LOOPBACK = ("127.", "localhost", "[::1]", "::1")
_warned: set[str] = set()


def _warn_if_not_loopback(bootstrap_servers: str) -> None:
    """SASL_PLAINTEXT is for a broker on this machine; anywhere else the traffic needs TLS (SASL_SSL)."""
    hosts = {h.strip().rsplit(":", 1)[0] for h in bootstrap_servers.split(",") if h.strip()}
    remote = sorted(h for h in hosts if not h.startswith(_LOOPBACK))
    if remote and bootstrap_servers not in _warned:
        _warned.add(bootstrap_servers)
        logging.getLogger(__name__).warning(
            "Kafka traffic to %s is not encrypted (SASL_PLAINTEXT); set KAFKA_SECURITY_PROTOCOL=SASL_SSL and "
            "KAFKA_SSL_CAFILE for brokers beyond this machine", ", ".join(remote))


def client_config(bootstrap_servers: str | None = None, role: str = "admin",
                  settings: Settings | None = None) -> dict[str, Any]:
    """kafka-python keyword arguments (bootstrap + security) for a client acting in `role`.

    The same keys work for aiokafka (`ssl_context` aside)."""
    s = settings or Settings()
    config: dict[str, Any] = {"bootstrap_servers": bootstrap_servers or s.bootstrap_servers}
    identity = sasl_identity(role, s)
    if identity is None:
        if s.kafka_security_protocol == "SSL":
            config.update(security_protocol="SSL", ssl_cafile=s.kafka_ssl_cafile or None)
        return config
    protocol, mechanism, user, password = identity
    if protocol == "SASL_PLAINTEXT":
        _warn_if_not_loopback(config["bootstrap_servers"])
    config.update(security_protocol=protocol, sasl_mechanism=mechanism, sasl_plain_username=user,
                  sasl_plain_password=password)
    if protocol == "SASL_SSL":
        config["ssl_cafile"] = s.kafka_ssl_cafile or None
    return config


def faust_credentials(role: str, settings: Settings | None = None) -> Any:
    """`faust.App(broker_credentials=...)` for `role`: None on PLAINTEXT."""
    s = settings or Settings()
    identity = sasl_identity(role, s)
    if identity is None:
        return None
    import ssl

    import faust

    protocol, mechanism, user, password = identity
    context = ssl.create_default_context(cafile=s.kafka_ssl_cafile or None) if protocol == "SASL_SSL" else None
    return faust.SASLCredentials(username=user, password=password, mechanism=mechanism, ssl_context=context)


def idempotent_producer(bootstrap_servers: str, role: str = "admin", settings: Settings | None = None,
                        **overrides: object) -> Producer:
    """acks=all + idempotence: a retried send never duplicates or reorders within a partition."""
    config: dict[str, object] = dict(
        client_config(bootstrap_servers, role, settings), acks="all", enable_idempotence=True, linger_ms=5,
        max_in_flight_requests_per_connection=5, retries=2**31 - 1, batch_size=256 * 1024,
    )
    config.update(overrides)
    producer: Producer = KafkaProducer(**config)
    return producer


def kafka_consumer(bootstrap_servers: str | None, role: str, *topics: str, settings: Settings | None = None,
                   **config: Any) -> Consumer:
    """The one place a KafkaConsumer is built: as the principal of `role` (services/adapters/kafka_auth.py), with no
    group and no auto-commit unless `config` says otherwise; subscribed to `topics` when given."""
    from kafka import KafkaConsumer

    options: dict[str, Any] = {"group_id": None, "enable_auto_commit": False, **config}
    consumer: Consumer = KafkaConsumer(*topics, **client_config(bootstrap_servers, role, settings), **options)
    return consumer


def _admin(bootstrap_servers: str, settings: Settings | None = None) -> KafkaAdminClient:
    deadline = time.monotonic() + 60
    while True:
        try:
            return KafkaAdminClient(**client_config(bootstrap_servers, "admin", settings), request_timeout_ms=15000)
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def group_members(bootstrap_servers: str, group: str, settings: Settings | None = None) -> tuple[str, list[int]]:
    """A consumer group's state and the number of partitions each member holds; ("unknown", []) while the group has
    no coordinator yet (a broker's first group creates the offsets topic)."""
    admin = _admin(bootstrap_servers, settings)
    try:
        described = admin.describe_groups([group])[group]
    except KafkaError:
        return "unknown", []
    finally:
        admin.close()

    def held(assignment: object) -> int:
        if isinstance(assignment, dict):  # decoded by kafka-python: the consumer protocol's assignment
            return sum(len(t["partitions"]) for t in assignment.get("assigned_partitions") or ())
        return 1 if assignment else 0  # an assignment kafka-python could not decode: something is held

    return str(described["group_state"]), [held(m["member_assignment"]) for m in described["members"]]


def ensure_acls(bootstrap_servers: str, namespace: str, purposes: list[str] | None = None,
                settings: Settings | None = None) -> None:
    """Grant every role its rights on one namespace's topics and groups (idempotent; a no-op without SASL)."""
    if sasl_identity("admin", settings) is None:
        return
    from kafka.admin import (
        ACL,
        ACLFilter,
        ACLOperation,
        ACLPermissionType,
        ACLResourcePatternType,
        ResourcePattern,
        ResourcePatternFilter,
        ResourceType,
    )

    acls = [ACL(principal=f"User:{principal}", host="*", operation=ACLOperation[op],
                permission_type=ACLPermissionType.ALLOW,
                resource_pattern=ResourcePattern(ResourceType[rtype], name, ACLResourcePatternType[pattern]))
            for principal, rtype, pattern, name, op in acl_spec(namespace, purposes)]
    from kafka.errors import ClusterAuthorizationFailedError, SecurityDisabledError

    admin = _admin(bootstrap_servers, settings)
    try:
        try:
            result = admin.create_acls(acls)
        except (ClusterAuthorizationFailedError, SecurityDisabledError) as exc:
            result = {"failed": [exc]}
        if result["failed"]:
            if all(isinstance(e, (ClusterAuthorizationFailedError, SecurityDisabledError)) or e in (
                    ClusterAuthorizationFailedError, SecurityDisabledError) for e in result["failed"]):
                # A service running as its own principal (not admin) may not grant; an operator does, once:
                # `childcare broker grant`.
                logging.getLogger(__name__).warning("not granting Kafka ACLs for namespace %r: %s", namespace,
                                                    result["failed"][0])
                return
            raise RuntimeError(f"creating Kafka ACLs failed: {result['failed'][:3]}")
        # The broker's authorizer learns of them from the metadata log a moment later; a client that raced ahead
        # would get a (non-retriable) authorization error. Return once the broker shows the last one.
        last = acls[-1]
        probe = ACLFilter(principal=last.principal, host="*", operation=last.operation,
                          permission_type=last.permission_type,
                          resource_pattern=ResourcePatternFilter(last.resource_pattern.resource_type,
                                                                 last.resource_pattern.resource_name,
                                                                 last.resource_pattern.pattern_type))
        deadline = time.monotonic() + 15
        while not admin.describe_acls(probe)[0] and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        admin.close()


def ensure_topics(bootstrap_servers: str, names: Iterable[str], partitions: int = 3,
                  settings: Settings | None = None, configs: dict[str, str] | None = None) -> None:
    """Create topics that do not exist yet (single-node dev brokers use replication factor 1), with `configs`."""
    wanted = list(dict.fromkeys(names))
    admin = _admin(bootstrap_servers, settings)
    try:
        existing = set(admin.list_topics())
        new = [NewTopic(n, num_partitions=partitions, replication_factor=1, topic_configs=dict(configs or {}))
               for n in wanted if n not in existing]
        if new:
            with contextlib.suppress(TopicAlreadyExistsError):
                admin.create_topics(new)
    finally:
        admin.close()
