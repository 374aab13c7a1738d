"""Roles, principals, grants and client settings of the authenticated broker, without a broker."""

import logging
import os
import stat

import pytest

from events.departments import Department
from services.adapters.kafka_admin import client_config, faust_credentials
from services.adapters.kafka_auth import Credentials, acl_spec, all_roles, load_or_create, principal_of
from services.adapters.log_filters import ScramInTheClear
from services.adapters.topics import Topics
from services.settings import Settings

NS = "ns1."


def grants(principal=None, op=None):
    return [g for g in acl_spec(NS) if (principal is None or g[0] == principal) and (op is None or g[4] == op)]


def writable(principal):
    """Literal topic names a principal may write (prefixed grants listed with a trailing *)."""
    return {name + ("*" if pattern == "PREFIXED" else "") for p, rtype, pattern, name, op in acl_spec(NS)
            if p == principal and rtype == "TOPIC" and op in ("WRITE", "ALL")}


def test_each_department_writes_only_its_own_topic():
    for d in Department:
        assert writable(f"dept-{d.value}") == {Topics(NS).department(d.value)}
        assert grants(f"dept-{d.value}", "READ") == []


def test_only_the_audit_writer_is_granted_the_audit_topic():
    audit = Topics(NS).audit
    assert {g[0] for g in acl_spec(NS) if g[3] == audit or (g[2] == "PREFIXED" and audit.startswith(g[3])
                                                            and g[1] == "TOPIC")} == {"audit"}


def test_a_downstream_app_reads_only_its_view():
    topics = {g[3] for g in grants("app-enrolment") if g[1] == "TOPIC"}
    assert topics == {Topics(NS).view("enrolment")}
    assert writable("app-enrolment") == set()


def test_the_processor_reads_ingest_and_writes_changes_and_dead_letters():
    t = Topics(NS)
    assert {g[3] for g in grants("processor", "READ") if g[1] == "TOPIC"} == set(t.departments)
    assert writable("processor") == {t.changes, t.dead_letter, f"{NS}childcare-processor-*"}


def test_every_role_has_a_principal_and_unknown_roles_are_refused():
    assert principal_of("dept:education") == "dept-education" and principal_of("app:enrolment") == "app-enrolment"
    assert {"admin", "processor", "projector", "audit", "dept:platform", "app:entitlements"} <= set(all_roles())
    with pytest.raises(ValueError):
        principal_of("root")


def test_passwords_are_generated_once_and_kept_private(tmp_path):
    path = tmp_path / "credentials.json"
    first, added = load_or_create(path, ["admin", "dept:education"])
    assert set(added) == {"admin", "dept-education"} and len(first.password("admin")) >= 24
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    again, added = load_or_create(path, ["admin", "dept:education", "audit"])
    assert added == ["audit"] and again.password("admin") == first.password("admin")


def test_clients_pick_their_roles_principal_from_the_credentials_file(tmp_path):
    path = tmp_path / "credentials.json"
    Credentials("SASL_PLAINTEXT", "SCRAM-SHA-512", {"processor": "p1", "dept-health": "h1"}).save(path)
    s = Settings(bootstrap_servers="127.0.0.1:1", kafka_credentials_file=path, kafka_security_protocol="",
                 kafka_sasl_username="", kafka_sasl_password="")
    config = client_config(None, "dept:health", s)
    assert config == {"bootstrap_servers": "127.0.0.1:1", "security_protocol": "SASL_PLAINTEXT",
                      "sasl_mechanism": "SCRAM-SHA-512", "sasl_plain_username": "dept-health",
                      "sasl_plain_password": "h1"}
    creds = faust_credentials("processor", s)
    assert creds.username == "processor" and creds.mechanism.value == "SCRAM-SHA-512"
    with pytest.raises(KeyError):
        client_config(None, "audit", s)


def test_one_identity_from_the_environment_wins_and_plaintext_needs_nothing(tmp_path):
    s = Settings(bootstrap_servers="kafka1:9093", kafka_security_protocol="SASL_SSL", kafka_sasl_username="dept-court",
                 kafka_sasl_password="pw", kafka_ssl_cafile="/etc/ca.pem", kafka_credentials_file=tmp_path / "none")
    config = client_config(None, "dept:court", s)
    assert config["sasl_plain_username"] == "dept-court" and config["security_protocol"] == "SASL_SSL"
    assert config["ssl_cafile"] == "/etc/ca.pem"
    assert "pw" not in repr(s)
    plain = Settings(bootstrap_servers="b:1", kafka_security_protocol="", kafka_sasl_username="",
                     kafka_credentials_file=tmp_path / "none")
    assert client_config(None, "processor", plain) == {"bootstrap_servers": "b:1"}


def test_kafka_pythons_per_connection_scram_warning_is_filtered():
    record = logging.LogRecord("kafka.net.sasl.scram", logging.WARNING, "", 0,
                               "Exchanging credentials in the clear during Sasl Authentication", (), None)
    assert not ScramInTheClear().filter(record)
