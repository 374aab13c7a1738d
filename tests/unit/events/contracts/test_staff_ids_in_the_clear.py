"""Attack pass on issue 20: codes and staff ids travel and are stored in the clear (a survey's campaign and surveyor,
a risk assessor, a social worker, a director), so an ID number typed into one is refused at the contract, and the
reason (which a dead letter keeps) does not repeat it."""

import pytest

from events.envelope import EventDecodeError, parse

KEY = "ck_" + "e" * 40
ID_NUMBER = "33010620150301123X"


def wire(event_type, source, payload):
    return {"event_id": "evt-0001-test", "event_type": event_type, "schema_version": 1, "source": source,
            "child_key": KEY, "occurred_at": "2026-10-01T08:00:00+08:00", "payload": payload}


SURVEY = {"campaign": "130102-2026H2", "surveyor_id": "grid-007", "surveyed_on": "2026-09-30",
          "found_at_address": True, "result": "confirmed"}
CASES = [
    ("village_committee.ChildSurveyed", "village_committee", {**SURVEY, "surveyor_id": ID_NUMBER}),
    ("village_committee.ChildSurveyed", "village_committee", {**SURVEY, "campaign": ID_NUMBER}),
    ("civil_affairs.ChildSurveyed", "civil_affairs", {**SURVEY, "surveyor_id": "网格员" + ID_NUMBER}),
    ("civil_affairs.ChildSurveyed", "civil_affairs", {**SURVEY, "surveyor_id": "３３０１０６２０１５０３０１１２３Ｘ"}),
    ("civil_affairs.RiskAssessed", "civil_affairs",
     {"assessor_id": ID_NUMBER, "assessed_on": "2026-10-01", "level": "low", "reasons": ["family_hardship"],
      "next_review_on": "2027-04-01"}),
    ("civil_affairs.SocialWorkReferred", "civil_affairs",
     {"director_id": "dir-1", "social_worker_id": ID_NUMBER, "referred_on": "2026-10-01"}),
    ("civil_affairs.KeyChildLedgerEntered", "civil_affairs",
     {"reasons": ["family_hardship"], "director_id": ID_NUMBER, "entered_on": "2026-10-01"}),
    ("civil_affairs.DirectorVisited", "civil_affairs",
     {"director_id": ID_NUMBER, "kind": "contact", "visited_on": "2026-10-01"}),
]


@pytest.mark.parametrize("event_type, source, payload", CASES)
def test_an_id_number_in_a_staff_id_or_a_code_is_refused_without_being_repeated(event_type, source, payload):
    with pytest.raises(EventDecodeError) as err:
        parse(wire(event_type, source, payload))
    assert "ID number" in err.value.reason
    assert ID_NUMBER not in err.value.reason and ID_NUMBER[:14] not in err.value.reason


@pytest.mark.parametrize("event_type, source, payload", CASES)
def test_the_same_event_with_a_staff_id_passes(event_type, source, payload):
    typed = next(k for k, v in payload.items() if isinstance(v, str) and ("3301062015" in v or "３３０１" in v))
    parse(wire(event_type, source, {**payload, typed: "x-1"}))
