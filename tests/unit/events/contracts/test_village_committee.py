"""摸排 survey records: 村(居)委's and 民政's contracts, their owners, sealing and what they set."""

from datetime import UTC, date, datetime

import pytest

from events.contracts.civil_affairs import ChildSurveyed as CivilAffairsSurveyed
from events.contracts.common import FieldsCorrected
from events.contracts.village_committee import ChildSurveyed
from events.departments import Department, topic_for
from events.envelope import Envelope, EventDecodeError, decode, encode, parse
from privacy.cipher import FieldCipher, is_sealed
from privacy.keyring import in_memory_keyring
from projections.apply import Applied, Rejected, apply
from projections.fields import FIELDS, fields_owned_by
from services.usecases.protection import EdgeSealer

KEY = "ck_" + "e" * 40
AT = datetime(2026, 10, 1, tzinfo=UTC)
RECORD = {"campaign": "130102-2026H2", "surveyor_id": "grid-007", "surveyed_on": date(2026, 9, 30),
          "found_at_address": False, "result": "not_found", "categories_found": ["help_request"]}


def wire(payload, event_type="village_committee.ChildSurveyed", source="village_committee"):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": source,
            "child_key": KEY, "occurred_at": "2026-10-01T08:00:00+08:00", "payload": payload}


def test_the_village_committee_is_a_department_with_its_own_topic_and_fields():
    assert topic_for("village_committee") == "dept.village_committee"
    assert set(fields_owned_by(Department.VILLAGE_COMMITTEE)) == {
        "village_survey.campaign", "village_survey.surveyed_on", "village_survey.surveyor_id",
        "village_survey.found_at_address", "village_survey.result", "village_survey.categories",
        "village_survey.surveyor_area"}


@pytest.mark.parametrize("cls", [ChildSurveyed, CivilAffairsSurveyed])
def test_a_survey_record_survives_the_wire(cls):
    env = Envelope.new(cls(**RECORD), source=cls.DEPARTMENT, child_key=KEY, occurred_at=AT)
    assert decode(encode(env)) == env


@pytest.mark.parametrize("payload, message", [
    ({**RECORD, "campaign": "摸排 2026"}, "payload.campaign"),
    ({**RECORD, "result": "fine"}, "payload.result"),
    ({**RECORD, "categories_found": ["rich"]}, "payload.categories_found"),
    ({k: v for k, v in RECORD.items() if k != "found_at_address"}, "payload.found_at_address: Field required"),
    ({**RECORD, "surveyor_name": "张三"}, "payload.surveyor_name: Extra inputs are not permitted"),
])
def test_an_invalid_survey_record_fails_with_a_field_level_reason(payload, message):
    payload = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in payload.items()}
    with pytest.raises(EventDecodeError) as err:
        parse(wire(payload))
    assert message in err.value.reason


def test_what_the_visit_found_leaves_the_department_sealed():
    cipher = FieldCipher(in_memory_keyring())
    env = EdgeSealer(cipher)(Envelope.new(ChildSurveyed(**RECORD), source="village_committee", child_key=KEY,
                                          occurred_at=AT))
    payload = env.payload
    assert is_sealed(payload.found_at_address) and is_sealed(payload.result) and is_sealed(payload.categories_found)
    assert payload.campaign == RECORD["campaign"] and payload.surveyed_on == RECORD["surveyed_on"]
    for name in ("village_survey.found_at_address", "village_survey.result", "village_survey.categories"):
        assert FIELDS[name].encrypted
    assert "help_request" not in encode(env).decode()


def test_each_department_writes_only_its_own_survey_record():
    village = apply(None, Envelope.new(ChildSurveyed(**RECORD), source="village_committee", child_key=KEY,
                                       occurred_at=AT))
    assert isinstance(village, Applied) and village.record.fields["village_survey.result"].value == "not_found"
    assert "monitoring.last_refreshed_on" not in village.record.fields  # only 民政's re-check restarts that clock
    forged = apply(None, Envelope.new(FieldsCorrected(fields={"monitoring.survey_result": "confirmed"}, reason="x"),
                                      source="village_committee", child_key=KEY, occurred_at=AT))
    assert isinstance(forged, Rejected) and forged.code == "not_owner"
    wrong = apply(None, Envelope.new(ChildSurveyed(**RECORD), source="civil_affairs", child_key=KEY, occurred_at=AT))
    assert isinstance(wrong, Rejected) and wrong.code == "not_owner"


def test_a_civil_affairs_survey_is_also_its_six_monthly_recheck():
    """"至少每半年更新一次流動兒童信息" (Hebei plan 一(一)): 民政's survey restarts the refresh clock."""
    out = apply(None, Envelope.new(CivilAffairsSurveyed(**RECORD), source="civil_affairs", child_key=KEY,
                                   occurred_at=AT))
    assert isinstance(out, Applied)
    assert out.record.fields["monitoring.last_refreshed_on"].value == "2026-09-30"
    assert out.record.fields["monitoring.last_refresh_kind"].value == "survey"
    assert out.record.fields["monitoring.survey_campaign"].value == "130102-2026H2"
