"""Token governance on a real SQLite store: expiry, revocation, listing, validated grants, and an audit record for
each issue, refusal and revocation (also through `childcare tokens …`)."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import create_engine, insert, select
from typer.testing import CliRunner

from services.adapters.store.migrate import upgrade
from services.adapters.store.schema import api_tokens
from services.adapters.tokens import TokenRefused, authenticate, issue, list_tokens, revoke
from services.entrypoints.cli import app

runner = CliRunner()


@pytest.fixture
def platform(env_platform):
    return env_platform


@pytest.fixture
def engine(platform):
    return platform.database


def trail(platform, action):
    return [r.event for r in platform.audit_sink(False).records() if r.event.action == action]


def test_a_token_expires_after_its_days(engine):
    now = datetime.now(UTC)
    issued = issue(engine, "teacher-li", "school", "330106", days=90)
    assert issued.expires_at - now >= timedelta(days=89, hours=23)
    assert authenticate(engine, issued.token).name == "teacher-li"
    assert authenticate(engine, issued.token, now=now + timedelta(days=89)) is not None
    assert authenticate(engine, issued.token, now=now + timedelta(days=91)) is None
    short = issue(engine, "teacher-wu", "school", "330106", days=1)
    assert authenticate(engine, short.token, now=now + timedelta(days=2)) is None
    with pytest.raises(TokenRefused):
        issue(engine, "teacher-wu", "school", "330106", days=0)


def test_revoking_one_token_or_a_principal_fails_authentication(engine, platform):
    audit = platform.audit_sink(False)
    a, b = issue(engine, "dir-1", "children_director", "330106"), issue(engine, "dir-1", "children_director", "330106")
    c = issue(engine, "dir-2", "children_director", "330106001")
    assert revoke(engine, token_id=a.token_id, audit=audit, actor="admin-zhao") == 1
    assert authenticate(engine, a.token) is None and authenticate(engine, b.token) is not None
    assert revoke(engine, principal="dir-1", audit=audit, actor="admin-zhao") == 1
    assert authenticate(engine, b.token) is None and authenticate(engine, c.token) is not None
    revokes = trail(platform, "token_revoke")
    assert [e.actor for e in revokes] == ["admin-zhao", "admin-zhao"]
    assert a.token_id in revokes[0].detail and b.token_id in revokes[1].detail


def test_the_list_shows_each_token_but_never_the_token_or_its_hash(engine):
    issued = issue(engine, "teacher-li", "school", "330106")
    revoked = issue(engine, "dir-1", "children_director", "330106")
    revoke(engine, token_id=revoked.token_id)
    rows = list_tokens(engine)
    assert [(r["token_id"], r["principal"], r["role"], r["area"], r["revoked"]) for r in rows] == [
        (issued.token_id, "teacher-li", "school", "330106", False), (revoked.token_id, "dir-1", "children_director",
                                                                 "330106", True)]
    assert all(r["created"] and r["expires"] for r in rows)
    with engine.connect() as conn:
        hashes = [h for (h,) in conn.execute(select(api_tokens.c.token_hash))]
    text = repr(rows)
    assert issued.token not in text and not any(h in text or h[:16] in text for h in hashes)


@pytest.mark.parametrize("principal, role, area, why", [
    ("dir-1", "children_director", "3", "county (6 digits)"),
    ("dir-1", "children_director", "33", "county (6 digits)"),
    ("dir-1", "children_director", "3301", "county (6 digits)"),
    ("dir-1", "children_director", "33010600", "county (6 digits)"),
    ("dir-1", "children_director", "33010６", "county (6 digits)"),
    ("dir-1", "children_director", None, "give --area"),
    ("caseworker-1", "caseworker", None, "give --area"),
    ("platform:erasure", "department_system", None, "platform"),
    ("platform", "operator", None, "platform"),
    ("schools:sis", "department_system", None, "'<department>:<system>'"),
    ("education", "department_system", None, "'<department>:<system>'"),
    ("education:", "department_system", None, "'<department>:<system>'"),
    ("teacher li", "school", "330106", "without spaces"),
])
def test_a_grant_outside_the_rules_is_refused_and_the_refusal_audited(engine, platform, principal, role, area, why):
    with pytest.raises(TokenRefused) as refused:
        issue(engine, principal, role, area, audit=platform.audit_sink(False), actor="admin-zhao")
    assert why in str(refused.value)
    denied = trail(platform, "token_issue")
    assert len(denied) == 1 and denied[0].outcome == "denied" and denied[0].actor == "admin-zhao"
    assert list_tokens(engine) == []


@pytest.mark.parametrize("principal, role, area", [
    ("dir-1", "children_director", "330106"), ("dir-1", "children_director", "330106001"),
    ("dir-1", "children_director", "330106001002"), ("health:his-01", "department_system", None),
    ("teacher-li", "school", "330106"), ("auditor-1", "compliance", None),
])
def test_a_grant_within_the_rules_is_issued_and_audited(engine, platform, principal, role, area):
    issued = issue(engine, principal, role, area, audit=platform.audit_sink(False), actor="admin-zhao")
    assert authenticate(engine, issued.token).area == area
    (event,) = trail(platform, "token_issue")
    assert event.outcome == "allowed" and issued.token_id in event.detail and issued.token not in event.detail


def test_a_platform_token_from_before_the_rules_no_longer_authenticates(engine):
    token = "cct_legacy"
    import hashlib

    with engine.begin() as conn:
        conn.execute(insert(api_tokens), [{"token_hash": hashlib.sha256(token.encode()).hexdigest(),
                                           "principal": "platform:erasure", "role": "department_system",
                                           "revoked": False, "created_at": datetime.now(UTC), "token_id": "tok_x"}])
    assert authenticate(engine, token) is None


def test_tokens_from_before_expiry_get_an_id_and_expire_90_days_after_creation(tmp_path):
    url = f"sqlite:///{tmp_path}/old.db"
    upgrade(url, revision="0003")
    engine = create_engine(url)
    import hashlib

    rows = [{"token_hash": hashlib.sha256(t.encode()).hexdigest(), "principal": p, "role": "school", "area": None,
             "revoked": False, "created_at": c} for t, p, c in [
                 ("cct_recent", "recent", datetime.now(UTC) - timedelta(days=10)),
                 ("cct_old", "old", datetime.now(UTC) - timedelta(days=100))]]
    with engine.begin() as conn:
        conn.exec_driver_sql("insert into api_tokens (token_hash, principal, role, area, revoked, created_at) "
                             "values (?, ?, ?, ?, ?, ?)", [tuple(r.values()) for r in rows])
    upgrade(url)
    listed = list_tokens(engine)
    assert len({r["token_id"] for r in listed}) == 2 and all(r["token_id"].startswith("tok_") for r in listed)
    assert authenticate(engine, "cct_recent").name == "recent" and authenticate(engine, "cct_old") is None
    engine.dispose()


def test_the_token_commands_issue_list_and_revoke_and_each_is_audited(platform):
    issued = runner.invoke(app, ["tokens", "issue", "health:his-01", "department_system", "--days", "30",
                                 "--actor", "admin-zhao"])
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip().splitlines()[-1]
    assert token.startswith("cct_") and authenticate(platform.database, token).name == "health:his-01"
    listed = runner.invoke(app, ["tokens", "list", "--actor", "admin-zhao", "--json"])
    assert listed.exit_code == 0 and "health:his-01" in listed.stdout and token not in listed.stdout
    token_id = [line for line in listed.stdout.splitlines()
                if "health:his-01" in line][0].split('"token_id": "')[1][:16]
    revoked = runner.invoke(app, ["tokens", "revoke", "--token-id", token_id, "--actor", "admin-zhao"])
    assert revoked.exit_code == 0 and "revoked 1 token(s)" in revoked.output
    assert authenticate(platform.database, token) is None
    refused = runner.invoke(app, ["tokens", "issue", "platform:erasure", "department_system", "--actor", "admin-zhao"])
    assert refused.exit_code == 2 and "platform" in refused.output
    bad_area = runner.invoke(app, ["tokens", "issue", "dir-1", "children_director", "--area", "3",
                                   "--actor", "admin-zhao"])
    assert bad_area.exit_code == 2 and "6 digits" in bad_area.output
    actions = [(e.action, e.outcome) for e in (r.event for r in platform.audit_sink(False).records())]
    assert actions == [("token_issue", "allowed"), ("list", "allowed"), ("token_revoke", "allowed"),
                       ("token_issue", "denied"), ("token_issue", "denied")]
    assert platform.verify_audit().ok


@pytest.mark.postgres
def test_token_governance_on_postgres(fresh_postgres_url):
    from services.adapters.store import open_database

    database = open_database(fresh_postgres_url)
    try:
        now = datetime.now(UTC)
        issued = issue(database, "dir-1", "children_director", "330106001", days=30)
        assert authenticate(database, issued.token).area == "330106001"
        assert authenticate(database, issued.token, now=now + timedelta(days=31)) is None
        assert [r["token_id"] for r in list_tokens(database)] == [issued.token_id]
        assert revoke(database, token_id=issued.token_id) == 1 and authenticate(database, issued.token) is None
    finally:
        database.dispose()
