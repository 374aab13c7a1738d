import copy

from events.compatibility import current_schemas, load_snapshot, problems


def test_released_contracts_are_still_compatible():
    assert problems(load_snapshot(), current_schemas()) == []


def test_every_released_contract_is_in_the_snapshot():
    assert set(current_schemas()) == set(load_snapshot()), "run events.compatibility.write_snapshot() and commit"


def _sample():
    return copy.deepcopy(current_schemas())


def test_adding_an_optional_field_is_compatible():
    old, new = _sample(), _sample()
    new["education.Enrolled@1"]["properties"]["class_name"] = {"type": "string"}
    assert problems(old, new) == []


def test_removing_a_field_is_incompatible():
    old, new = _sample(), _sample()
    del new["education.Enrolled@1"]["properties"]["school_name"]
    assert problems(old, new) == ["education.Enrolled@1: field 'school_name' removed"]


def test_retyping_a_field_is_incompatible():
    old, new = _sample(), _sample()
    new["education.Enrolled@1"]["properties"]["school_name"] = {"type": "integer"}
    assert problems(old, new) == ["education.Enrolled@1: field 'school_name' changed type"]


def test_a_new_required_field_is_incompatible():
    old, new = _sample(), _sample()
    new["education.Enrolled@1"]["properties"]["class_name"] = {"type": "string"}
    new["education.Enrolled@1"]["required"].append("class_name")
    assert problems(old, new) == ["education.Enrolled@1: field 'class_name' is required now "
                                  "(new fields must be optional)"]


def test_removing_a_contract_is_incompatible():
    old, new = _sample(), _sample()
    del new["health.FamilyDoctorSigned@1"]
    assert problems(old, new) == ["health.FamilyDoctorSigned@1: contract removed (publish a new version instead)"]
