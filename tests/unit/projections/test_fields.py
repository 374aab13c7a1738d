import pytest

from events.departments import Department
from events.registry import PayloadBase, all_contracts
from projections.fields import FIELDS, Sensitivity, fields_owned_by
from projections.updates import COPIED, SET, field_updates


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_has_one_owner_and_a_sensitivity_class(name):
    spec = FIELDS[name]
    assert isinstance(spec.owner, Department)
    assert isinstance(spec.sensitivity, Sensitivity)


def test_every_department_owns_some_field():
    assert all(fields_owned_by(d) for d in Department if d != Department.PLATFORM)


def test_every_contract_has_a_projection_rule():
    for (event_type, _), cls in all_contracts().items():
        assert cls in COPIED or field_updates.dispatch(cls) is not field_updates.dispatch(PayloadBase), event_type


def test_every_copied_or_implied_field_is_in_the_field_table():
    targets = {f for m in COPIED.values() for f in m.values()} | {f for m in SET.values() for f in m}
    assert targets - FIELDS.keys() == set()


def test_every_copy_rule_names_real_payload_attributes():
    for cls, mapping in COPIED.items():
        assert set(mapping) <= set(cls.model_fields), cls.__name__


@pytest.mark.parametrize("name", ["identity.name", "identity.id_number", "guardianship.guardian_phone",
                                  "residence.address", "health.conditions", "disability.category"])
def test_identifying_and_sensitive_fields_are_encrypted(name):
    assert FIELDS[name].encrypted
