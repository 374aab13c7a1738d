import pytest

from services.usecases.integration_guide import department_guide, departments


def test_every_department_has_a_topic_contracts_and_fields_of_its_own():
    assert "platform" not in departments() and len(departments()) == 13
    for name in departments():
        guide = department_guide(name)
        assert guide["topic"] == f"dept.{name}" and guide["events"] and guide["owns"]
        assert all(e["event_type"].startswith(f"{name}.") for e in guide["events"])


def test_the_guide_says_which_attributes_are_required_sealed_and_where_they_land():
    guide = department_guide("procuratorate")
    order = next(e for e in guide["events"] if e["event_type"] == "procuratorate.GuardianshipSupervisionOrderIssued")
    concern = next(a for a in order["attributes"] if a["name"] == "concern")
    assert concern == {"name": "concern", "required": True, "projection_field": "judicial.supervision_order_concern",
                       "sealed_at_edge": True}
    assert "common.FieldsCorrected" in guide["also_accepted"]


def test_plain_attributes_and_implied_fields_are_named():
    youth = department_guide("youth_league")
    activity = next(e for e in youth["events"] if e["event_type"] == "youth_league.ActivityAttended")
    assert {a["name"]: a["sealed_at_edge"] for a in activity["attributes"]} == {"attended_on": False, "activity": False}
    housing = department_guide("housing")
    assert any("housing.difficulty" in e["also_sets"] for e in housing["events"])


def test_an_unknown_department_is_refused_with_the_known_ones():
    with pytest.raises(ValueError, match="unknown department 'courts'.*court"):
        department_guide("courts")
