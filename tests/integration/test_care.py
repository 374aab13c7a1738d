"""Care jobs over a real store of synthetic children: reports, ledger alerts, suppressed statistics, all audited."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from devtools.synthetic import events_for, generate_children
from events.envelope import encode
from projections.catalogue import load_catalogue
from services.adapters.tokens import issue_token
from services.bootstrap import Platform
from services.entrypoints.api.app import create_api
from services.processor.messages import RawMessage
from services.settings import Settings
from services.usecases.protection import EdgeSealer

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def platform(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("care")
    p = Platform(Settings().with_(database_url=f"sqlite:///{tmp}/s.db", keyring_dir=tmp / "keys"))
    seal = EdgeSealer(p.cipher)
    kids = generate_children(120, p.pseudonym_secret, seed=5)
    msgs = [RawMessage(p.topics.department(e.source), 0, i, e.child_key.encode(), encode(seal(e)))
            for i, e in enumerate(e for c in kids for e in events_for(c))]
    p.handler().handle(msgs)
    yield p
    p.close()


def _expected_migrant_by_area(platform):
    """What the report should count, computed from the plaintext facts: migrant children where they live now."""
    from collections import Counter

    from projections.migrant import MIGRANT, migrant_status
    from projections.residence import current_area
    from services.usecases.access import plain_fields
    from services.usecases.care import RESIDENCE_FIELDS

    names = load_catalogue().fields | RESIDENCE_FIELDS
    out, adults, gone = Counter(), 0, 0
    for record in platform.store.records():
        f = plain_fields(record, platform.cipher, names)
        area = current_area(f, AS_OF)
        if area is None:
            gone += 1
        elif migrant_status(f, AS_OF).status == MIGRANT:
            out[area[:6]] += 1
        elif "age_16_or_over" in migrant_status(f, AS_OF).reasons:
            adults += 1
    return out, adults, gone


def _lives_outside(platform, record):
    from projections.catalogue.loader import platform_areas
    from projections.moves import in_platform
    from projections.residence import current_area
    from services.usecases.access import plain_fields
    from services.usecases.care import RESIDENCE_FIELDS

    return not in_platform(current_area(plain_fields(record, platform.cipher, RESIDENCE_FIELDS), AS_OF),
                           platform_areas())


def test_an_empty_record_is_in_no_figure():
    from projections.entitlements import report

    assert report([{}], load_catalogue(), AS_OF) == []


def test_the_entitlement_report_counts_migrant_children_where_they_live_and_nobody_else(platform):
    jobs = platform.care_jobs("analyst", to_kafka_audit=False)
    rows = jobs.report(load_catalogue(), AS_OF, "area", threshold=3)
    expected, adults, gone = _expected_migrant_by_area(platform)
    # The demo data has children of 16 and over (and, depending on the keys of the run, children who left).
    assert adults
    insured = {r["key"]: r["entitled"] for r in rows if r["item_id"] == "8"}
    for area, n in insured.items():
        assert n is None or n == expected[area], area  # suppressed, or exactly the migrant children living there
    assert sum(expected.values()) < 120


def test_an_entitlement_view_names_services_not_personal_values(platform):
    jobs = platform.care_jobs("svc", to_kafka_audit=False)
    views = [jobs.entitlement_view(r, load_catalogue("guizhou"), AS_OF) for r in platform.store.records()]
    view = next(v for v in views if v["migrant"]["status"] == "migrant")  # only migrant children are entitled
    assert "8" in view["entitled"]
    assert all(v["entitled"] == [] for v in views if v["migrant"]["status"] != "migrant")
    assert set(view) >= {"entitled", "delivered", "gaps", "catalogue"}


def _entitlement_matching_fields():
    from privacy.access_policy import load_policy
    from services.usecases.access import KNOWN_FIELDS

    policy = load_policy()
    return set(policy.fields_for(policy.rule("downstream_app", "entitlement_matching"), KNOWN_FIELDS))


def test_the_entitlement_view_carries_no_risk_flags_nor_items_computed_from_excluded_fields(platform):
    """The derived-data leak: view.entitlements carried risk reasons and ledger flags (guardianship supervision
    orders, psychological, severe mental disorder) although entitlement_matching excludes ledger.* and judicial.*."""
    permitted = _entitlement_matching_fields()
    catalogue = load_catalogue("guizhou")
    jobs = platform.care_jobs("svc", to_kafka_audit=False)
    hidden = {i.id for i in catalogue.items if not i.fields <= permitted}
    assert hidden >= {"16", "19", "20"}  # read ledger.reasons or judicial data
    for record in list(platform.store.records())[:30]:
        view = jobs.entitlement_view(record, catalogue, AS_OF, permitted)
        assert "risk" not in view and "ledger_flags" not in view
        assert not hidden & (set(view["entitled"]) | set(view["delivered"]) | set(view["gaps"]))


def test_care_jobs_run_as_their_service_principal_and_open_only_what_their_rule_lists(platform):
    from privacy.access_policy import Policy
    from services.usecases.access import AccessDenied
    from services.usecases.care import CareJobs, job_principal

    jobs = platform.care_jobs("job:alerts", to_kafka_audit=False)
    jobs.alerts(date(2020, 1, 1), AS_OF)
    last = platform.audit_sink(False).records()[-1].event
    assert (last.actor, last.role, last.purpose) == ("job:alerts", "care_job", "key_child_care")
    narrowed = Policy("t", tuple(r for r in jobs.policy.rules if r.id != "care_job.key_child_care"))
    stripped = CareJobs(platform.store, platform.cipher, platform.audit_sink(False), job_principal("job:x"), narrowed)
    with pytest.raises(AccessDenied):
        stripped.alerts(date(2020, 1, 1), AS_OF)
    assert platform.audit_sink(False).records()[-1].event.outcome == "denied"


def test_ledger_alerts_fire_once_per_deadline(platform):
    jobs = platform.care_jobs("director", to_kafka_audit=False)
    first = jobs.alerts(date(2020, 1, 1), AS_OF)
    again = jobs.alerts(AS_OF, AS_OF)
    assert first and again == []
    from services.usecases.care import EVENT_ALERTS

    assert {a["kind"] for a in first} <= {"contact", "home_visit", "info_refresh", "moved_out", "handover",
                                          *EVENT_ALERTS}
    assert "court_guidance_order" not in {a["kind"] for a in first}  # not the director's to see


def test_statistics_hide_small_cells_and_are_audited(platform):
    jobs = platform.care_jobs("statistician", to_kafka_audit=False)
    before = len(platform.audit_sink(False).records())
    table = jobs.statistics("area", "age_band", AS_OF, threshold=5)
    assert all(c["count"] is None or c["count"] == 0 or c["count"] >= 5 for c in table["cells"])
    _, _, gone = _expected_migrant_by_area(platform)
    outside = sum(1 for r in platform.store.records() if _lives_outside(platform, r))
    assert table["grand_total"] == 120 - outside and outside >= gone  # who left the platform counts nowhere here
    assert len(platform.audit_sink(False).records()) == before + 1


def test_the_statistics_api_is_for_statisticians_only(platform):
    api = TestClient(create_api(platform.api_context(to_kafka=False)))
    ok = {"Authorization": f"Bearer {issue_token(platform.database, 's', 'statistician')}",
          "X-Purpose": "statistics"}
    school = {"Authorization": f"Bearer {issue_token(platform.database, 't', 'school', '330106')}",
              "X-Purpose": "enrolment"}
    assert api.get("/statistics?rows=risk&cols=age_band", headers=ok).status_code == 200
    last = platform.audit_sink(False).records()[-1].event
    assert (last.actor, last.role, last.action) == ("s", "statistician", "statistics")  # not "system"
    assert api.get("/statistics", headers=school).status_code == 403


def test_alerts_travel_sealed_and_die_with_the_child(platform):
    """A ledger alert says that a child is a key child (sensitive): on the topic it is sealed under a key of the
    child, so erasure reaches it like any other copy."""
    from privacy.keyring import ChildErased
    from services.usecases.care import ALERTS_VIEW, alert_message
    from services.usecases.views import open_view, view_sealer

    alert = platform.care_jobs("job:alerts", to_kafka_audit=False).alerts(date(2020, 1, 1), AS_OF)[0]
    sealer = view_sealer(platform.keyring, ALERTS_VIEW)
    key, value = alert_message(sealer, alert)
    assert alert["area"].encode() not in value and b"contact" not in value and b"home_visit" not in value
    assert open_view(sealer.key, key.decode(), value) == alert
    platform.keyring.destroy_child(key.decode())
    with pytest.raises(ChildErased):
        open_view(sealer.key, key.decode(), value)
