"""最小必要 for the downstream app's entitlement view: the app gets the derived result (the 流动儿童 status and the
entitled / served / gap items), not the raw hukou area and dates it is computed from.

An item may be released when every input is within the app's purpose (app.entitlement_matching) or is consumed by a
derivation the platform's care job performs under its own purpose (care_job.entitlement_matching) whose output class
is declared releasable to the app ("derived" in privacy/data/access_policy.json). The attacker's tests: an app token
reading the gate (the API's /children routes) or opening the published view learns no hukou area, no residence date
and no health date."""

import json
from datetime import UTC, date, datetime

import pytest

from events.contracts import civil_affairs as ca
from events.contracts import disabled_federation as df
from events.contracts import education as ed
from events.contracts import health as he
from events.contracts import public_security as ps
from events.envelope import Envelope
from privacy.access_policy import load_policy
from privacy.audit import InMemoryAuditSink
from projections.catalogue import load_catalogue
from services.adapters.tokens import Principal
from services.usecases.access import KNOWN_FIELDS, AccessDenied, AccessService
from services.usecases.care import CareJobs, job_principal, publish_entitlements, release_for
from services.usecases.views import ViewProjector, open_view, view_sealer
from tests.unit.services.usecases.sealed_world import sealed_world

AS_OF = date(2026, 11, 1)
KEY = "ck_" + "f" * 40
POLICY = load_policy()
RAW_INPUTS = {"identity.hukou_area", "residence.since", "residence.history", "health.last_checked_on",
              "health.family_doctor_signed_on", "health.family_doctor_valid_until", "health.smd_followed_up_on",
              "community_rehab.last_on", "education.fee_exempted"}
# What the attacker must not learn: the hukou area and every date of residence or health, as written by the events
# (and the days the residence and health events occurred, which the provenance of an input could carry).
SECRETS = ["411523", "2025-01-01", "2025-01-02", "2026-03-03", "2027-03-02", "2026-04-04", "2026-07-07",
           "2026-08-08", "fee_exempted"]


def at(day):
    return datetime.combine(day, datetime.min.time(), UTC).replace(hour=9)


EVENTS = [
    (ps.IdentityRecorded(name="张小军", id_number="41152320150301124X", sex="M", birth_date=date(2014, 3, 1),
                         hukou_area="411523"), "public_security", date(2024, 6, 1)),
    (ps.ResidenceRegistered(area_code="330106001", address="西湖区文三路1号", since=date(2025, 1, 1)),
     "public_security", date(2025, 1, 2)),
    (he.FamilyDoctorSigned(team="西湖区家庭医生团队", signed_on=date(2026, 3, 3), valid_until=date(2027, 3, 2)),
     "health", date(2026, 3, 3)),
    (he.HealthManagementRecorded(checked_on=date(2026, 4, 4), conditions=["severe_mental_disorder"]), "health",
     date(2026, 4, 4)),
    (he.SevereMentalDisorderFollowedUp(followed_up_on=date(2026, 7, 7)), "health", date(2026, 7, 7)),
    (ca.CommunityRehabilitationProvided(provided_on=date(2026, 8, 8)), "civil_affairs", date(2026, 8, 8)),
    (df.DisabilityCertified(category="physical", grade=3, certified_on=date(2026, 5, 5)), "disabled_federation",
     date(2026, 5, 5)),
    (ed.Enrolled(school_code="S1", school_name="文三路小学", stage="primary", grade=6, enrolled_on=date(2026, 9, 1),
                 fee_exempted=True), "education", date(2026, 9, 1)),
]


@pytest.fixture(scope="module")
def world():
    w = sealed_world([Envelope.new(p, source=src, child_key=KEY, occurred_at=at(day)) for p, src, day in EVENTS])
    return w.keyring, w.cipher, w.store, w.topics


def test_the_apps_purpose_excludes_the_raw_inputs_and_declares_the_derived_outputs():
    """The app's rule lists no hukou area, residence date, health date or 资助 flag; the derived outputs it may get
    are declared, computed by the platform's job, whose own rule covers their inputs."""
    app = set(POLICY.fields_for(POLICY.rule("downstream_app", "entitlement_matching"), KNOWN_FIELDS))
    assert not app & RAW_INPUTS
    assert not {f for f in app if f.startswith("health.") and f.endswith(("_on", "_until"))}
    derived = POLICY.derived_for("downstream_app", "entitlement_matching", "care_job.entitlement_matching")
    assert set(derived) == {"derived.migrant_status", "derived.entitlements"}
    job = set(POLICY.fields_for(POLICY.rule("care_job", "entitlement_matching"), KNOWN_FIELDS))
    assert set().union(*derived.values()) <= job
    # Sensitive inputs no class lists: items reading them stay out of the app's view (item 12: hiv.status).
    assert not any(f == "hiv.status" or f.startswith(("ledger.", "judicial.")) for f in set().union(*derived.values()))


def test_a_derivation_whose_job_does_not_open_its_inputs_fails_at_load(tmp_path):
    from privacy.access_policy import POLICY_FILE

    data = json.loads(POLICY_FILE.read_text(encoding="utf-8"))
    data["derived"][0]["inputs"].append("identity.id_number")
    bad = tmp_path / "policy.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="does not cover identity.id_number"):
        load_policy(str(bad))


def test_the_app_gets_the_status_and_the_items_computed_from_the_derived_inputs(world):
    keyring, cipher, store, _ = world
    jobs = CareJobs(store, cipher, InMemoryAuditSink(b"k"), job_principal("job:entitlements"))
    view = jobs.entitlement_view(store.get(KEY), load_catalogue(), AS_OF,
                                 release_for(POLICY, "downstream_app", "entitlement_matching"))
    assert view["migrant"]["status"] == "migrant" and "cross_county" in view["migrant"]["reasons"]
    assert {"7", "9", "14"} <= set(view["delivered"])  # a valid signing, a follow-up or 社区康复, 资助
    assert "12" not in view["entitled"] and "16" not in view["entitled"]  # hiv.status, ledger.*: never declared
    # The provenance names departments, not the events' ids or times (the registration that set the area the app may
    # see also set the start date it may not: its time would tell the date).
    assert view["migrant"]["provenance"]["identity.hukou_area"] == {"source": "public_security"}
    assert view["migrant"]["provenance"]["residence.area_code"] == {"source": "public_security"}
    # Without the declarations (the purpose's fields alone) nothing computed from the raw inputs is released.
    bare = jobs.entitlement_view(store.get(KEY), load_catalogue(), AS_OF,
                                 release_for(POLICY, "downstream_app", "entitlement_matching").fields)
    assert bare["migrant"] is None and bare["entitled"] == []


def test_an_app_token_learns_no_hukou_area_residence_date_nor_health_date_from_the_gate(world):
    """The attacker holds a downstream_app token for the child's area and asks the API's gate for everything."""
    _, cipher, store, _ = world
    gate = AccessService(store, cipher, POLICY, InMemoryAuditSink(b"k"))
    app = Principal("app-1", "downstream_app", "330106")
    seen = gate.read(app, "entitlement_matching", KEY)
    listed = gate.list_area(app, "entitlement_matching", "330106", 10, None)
    for answer in (seen.fields, [v.fields for v in listed]):
        text = json.dumps(answer, ensure_ascii=False, default=str)
        assert not [s for s in SECRETS if s in text], text
    assert not RAW_INPUTS & set(seen.fields) and seen.fields["education.stage"] == "primary"
    for name in sorted(RAW_INPUTS):  # asked by name: refused, whether or not the child has the field
        with pytest.raises(AccessDenied):
            gate.read(app, "entitlement_matching", KEY, [name])


def test_an_app_opening_the_published_views_learns_no_hukou_area_residence_date_nor_health_date(world):
    """The attacker subscribes to view.entitlements and view.entitlement_matching and holds their per-child keys."""
    keyring, cipher, store, topics = world

    class Capture:
        def __init__(self):
            self.sent = []

        def send(self, topic, key, value):
            self.sent.append((topic, key, value))

    jobs = CareJobs(store, cipher, InMemoryAuditSink(b"k"), job_principal("job:entitlements"))
    producer, sealer = Capture(), view_sealer(keyring, "entitlements")
    release = release_for(POLICY, "downstream_app", "entitlement_matching")
    assert publish_entitlements(jobs, load_catalogue("guizhou"), topics, producer, sealer, [KEY], AS_OF, release) == 1
    ((_, key, blob),) = producer.sent
    opened = open_view(sealer.key, key.decode(), blob)
    raw_sealer = view_sealer(keyring, "entitlement_matching")
    raw = Capture()
    ViewProjector("entitlement_matching", store, cipher, POLICY, InMemoryAuditSink(b"k"), raw, topics,
                  raw_sealer).project(KEY)
    raw_opened = open_view(raw_sealer.key, KEY, raw.sent[0][2])
    record = store.get(KEY)
    hidden_ids = {record.fields[n].event_id for n in RAW_INPUTS if n in record.fields}  # UUIDv7: a time inside
    for body in (opened, raw_opened):
        text = json.dumps(body, ensure_ascii=False)
        assert not [s for s in [*SECRETS, *hidden_ids] if s in text], text
    assert opened["migrant"]["status"] == "migrant" and "7" in opened["delivered"]
