"""Who may talk to Kafka: one SCRAM principal per role, the ACLs of each role per namespace, the credentials file.

Roles (what the code asks for) and the principals (what the broker knows) they map to:

- ``admin``: super user (topic and ACL creation, tests, operators); also the inter-broker principal.
- ``dept:<department>`` -> ``dept-<department>``: writes its own ``dept.<department>`` topic, nothing else.
- ``processor``: reads every department topic, writes dead-letter and projection-changed, its own consumer group
  (and faust's internal topics, which start with the group name).
- ``projector``: view projectors and the entitlement projector: reads projection-changed in the ``view-*`` and
  ``entitlements`` groups, writes every ``view.*`` topic, ``ledger.alerts`` and ``protection.alerts``.
- ``audit``: the only writer (and reader) of the audit topic.
- ``app:<purpose>`` -> ``app-<purpose>``: a downstream app; reads ``view.<purpose>`` only, groups ``app-<purpose>*``.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from events.departments import Department

MECHANISM = "SCRAM-SHA-512"
CREDENTIALS_FILE = "credentials.json"
SERVICE_ROLES = ("admin", "processor", "projector", "audit")


def view_purposes() -> list[str]:
    """Purposes a downstream app may follow a view for (the policy's downstream_app grants, and entitlements)."""
    from privacy.access_policy import load_policy

    return sorted({*load_policy().purposes("downstream_app"), "entitlements"})


def all_roles() -> list[str]:
    """Every role the local broker creates a principal for."""
    return [*SERVICE_ROLES, *(f"dept:{d.value}" for d in Department), *(f"app:{p}" for p in view_purposes())]


def principal_of(role: str) -> str:
    """The SCRAM user name of a role (`dept:education` -> `dept-education`)."""
    kind, _, name = role.partition(":")
    if name:
        if kind not in ("dept", "app"):
            raise ValueError(f"unknown Kafka role {role!r}")
        return f"{kind}-{name}"
    if role not in SERVICE_ROLES:
        raise ValueError(f"unknown Kafka role {role!r}")
    return role


@dataclass(frozen=True)
class Credentials:
    """The local broker's credentials file: protocol, mechanism and one password per principal."""

    security_protocol: str
    sasl_mechanism: str
    passwords: dict[str, str]

    def password(self, principal: str) -> str:
        try:
            return self.passwords[principal]
        except KeyError:
            raise KeyError(f"no Kafka credentials for principal {principal!r}") from None

    @classmethod
    def load(cls, path: Path | str) -> Credentials:
        data = json.loads(Path(path).read_text())
        return cls(data["security_protocol"], data["sasl_mechanism"], dict(data["principals"]))

    def save(self, path: Path | str) -> None:
        """Write with mode 0600 (created so; never world-readable, not even for a moment)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        body = json.dumps({"security_protocol": self.security_protocol, "sasl_mechanism": self.sasl_mechanism,
                           "principals": self.passwords}, indent=1, sort_keys=True)
        write_private(path, body.encode())


def load_or_create(path: Path | str, roles: list[str] | None = None) -> tuple[Credentials, list[str]]:
    """The credentials in `path`, with a fresh random password for every role that has none yet (kept).

    Returns the credentials and the principals that were added now."""
    path = Path(path)
    old = Credentials.load(path) if path.exists() else Credentials("SASL_PLAINTEXT", MECHANISM, {})
    passwords = dict(old.passwords)
    added = []
    for role in roles or all_roles():
        principal = principal_of(role)
        if principal not in passwords:
            passwords[principal] = secrets.token_urlsafe(24)  # [A-Za-z0-9_-]: safe in --add-scram and JAAS
            added.append(principal)
    creds = Credentials(old.security_protocol, old.sasl_mechanism, passwords)
    if added or not path.exists():
        creds.save(path)
    return creds, added


def acl_spec(namespace: str, purposes: list[str] | None = None) -> list[tuple[str, str, str, str, str]]:
    """(principal, resource type, pattern type, resource name, operation) of every grant in one namespace.

    Names are literal where the topic is known; prefixes only for families (views, consumer groups, faust's internal
    topics). Nothing is granted to anyone on the audit topic but the audit writer (the admin is a super user)."""
    ns = namespace
    out: list[tuple[str, str, str, str, str]] = []
    for d in Department:
        out.append((f"dept-{d.value}", "TOPIC", "LITERAL", f"{ns}dept.{d.value}", "WRITE"))
        out.append(("processor", "TOPIC", "LITERAL", f"{ns}dept.{d.value}", "READ"))
    group = f"{ns}childcare-processor"
    out += [
        ("processor", "TOPIC", "LITERAL", f"{ns}deadletter", "WRITE"),
        ("processor", "TOPIC", "LITERAL", f"{ns}projection.changed", "WRITE"),
        ("processor", "GROUP", "PREFIXED", group, "READ"),
        ("processor", "TOPIC", "PREFIXED", f"{group}-", "ALL"),  # faust's assignor/changelog topics
        ("projector", "TOPIC", "LITERAL", f"{ns}projection.changed", "READ"),
        ("projector", "GROUP", "PREFIXED", f"{ns}view-", "READ"),
        ("projector", "GROUP", "LITERAL", f"{ns}entitlements", "READ"),
        ("projector", "TOPIC", "PREFIXED", f"{ns}view.", "WRITE"),
        ("projector", "TOPIC", "LITERAL", f"{ns}ledger.alerts", "WRITE"),
        ("projector", "TOPIC", "LITERAL", f"{ns}protection.alerts", "WRITE"),  # issue 20: harm and mental health
        ("audit", "TOPIC", "LITERAL", f"{ns}audit", "WRITE"),
        ("audit", "TOPIC", "LITERAL", f"{ns}audit", "READ"),
    ]
    for p in purposes if purposes is not None else view_purposes():
        out.append((f"app-{p}", "TOPIC", "LITERAL", f"{ns}view.{p}", "READ"))
        out.append((f"app-{p}", "GROUP", "PREFIXED", f"{ns}app-{p}", "READ"))
    return out


def write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600 from creation), replacing any old one atomically."""
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    tmp.replace(path)
