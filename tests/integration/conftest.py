"""Fixtures of the API tests: a store seeded with one sealed child, and tokens for any role."""

from datetime import UTC, date, datetime

import pytest

from events.contracts.civil_affairs import KeyChildLedgerEntered, SubsistenceAllowanceGranted
from events.contracts.education import Enrolled
from events.contracts.health import HealthManagementRecorded
from events.contracts.public_security import IdentityRecorded, ResidenceRegistered
from events.envelope import Envelope, encode
from privacy.pseudonym import child_key
from services.adapters.tokens import issue_token
from services.bootstrap import Platform
from services.processor.handler import BatchHandler
from services.processor.messages import RawMessage
from services.settings import Settings
from services.usecases.protection import EdgeSealer, RecordProtector

ID_NUMBER = "33010620150301123X"
AREA = "330106001"
T0 = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture
def platform(tmp_path):
    p = Platform(Settings().with_(database_url=f"sqlite:///{tmp_path}/store.db", keyring_dir=tmp_path / "keys"))
    yield p
    p.close()


@pytest.fixture
def key(platform):
    k = child_key(platform.pseudonym_secret, ID_NUMBER)
    seal = EdgeSealer(platform.cipher)
    events = [
        IdentityRecorded(name="孙小美", id_number=ID_NUMBER, sex="F", birth_date=date(2015, 3, 1), hukou_area="522422"),
        ResidenceRegistered(area_code=AREA, address="浙江省杭州市西湖区文一路1号"),
        SubsistenceAllowanceGranted(monthly_amount_cny=600, since=date(2025, 1, 1)),
        KeyChildLedgerEntered(reasons=["family_hardship"], director_id="dir-1", entered_on=date(2025, 1, 2)),
        Enrolled(school_code="S1", school_name="文一小学", stage="primary", enrolled_on=date(2024, 9, 1)),
        HealthManagementRecorded(checked_on=date(2025, 2, 1), conditions=["autism"]),
    ]
    handler = BatchHandler(platform.store, platform.topics, "g", protect=RecordProtector(platform.cipher, None))
    msgs = [RawMessage(platform.topics.department(p.DEPARTMENT), 0, i, k.encode(),
                       encode(seal(Envelope.new(p, source=p.DEPARTMENT, child_key=k, occurred_at=T0))))
            for i, p in enumerate(events)]
    handler.handle(msgs)
    return k


def headers(platform, role, purpose, area="330106", name=None):
    default = "education:test-system" if role == "department_system" else f"{role}-user"  # <department>:<system>
    token = issue_token(platform.database, name or default, role, area)
    return {"Authorization": f"Bearer {token}", "X-Purpose": purpose}


class Recorder:
    """A publisher that keeps what ingest would have sent to Kafka."""

    def __init__(self):
        self.sent = []

    def publish_many(self, envelopes):
        self.sent.extend(envelopes)
        return len(envelopes)


@pytest.fixture
def api(platform):
    """The API over the seeded store, ingest publishing into a Recorder; a server error is a response, not a raise."""
    from fastapi.testclient import TestClient

    from services.entrypoints.api.app import create_api

    ctx = platform.api_context(to_kafka=False)
    ctx.publisher = Recorder()
    return TestClient(create_api(ctx), raise_server_exceptions=False)


@pytest.fixture
def console(platform, key):
    """The console over the seeded store: the API app, ingest into a Recorder, a stand-in operator status."""
    from fastapi.testclient import TestClient

    from services.entrypoints.api.app import create_api

    ctx = platform.api_context(to_kafka=False)
    ctx.publisher = Recorder()
    ctx.operations = lambda: {"lag": {"t/0": 0}, "dead_letters_last_day": {"not_json": 2}, "outbox_rows": 0}
    client = TestClient(create_api(ctx), raise_server_exceptions=False, base_url="https://testserver")
    client.ctx = ctx
    return client


@pytest.fixture
def env_platform(tmp_path, monkeypatch):
    """A Platform built from the environment (as the CLI builds it), with no broker configured."""
    for name in ("KAFKA_BOOTSTRAP_SERVERS", "CHILDCARE_KAFKA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("CHILDCARE_DATABASE_URL", f"sqlite:///{tmp_path}/store.db")
    monkeypatch.setenv("CHILDCARE_KEYRING_DIR", str(tmp_path / "keys"))
    p = Platform(Settings())
    yield p
    p.close()
