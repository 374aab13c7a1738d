import pytest

from events.departments import Department
from events.registry import REGISTRY, _load_contracts
from projections.fields import FIELDS, Sensitivity, fields_owned_by
from projections.updates import field_updates


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_every_field_has_one_owner_and_a_sensitivity_class(name):
    spec = FIELDS[name]
    assert isinstance(spec.owner, Department)
    assert isinstance(spec.sensitivity, Sensitivity)


def test_every_department_owns_some_field():
    assert all(fields_owned_by(d) for d in Department)


def test_every_contract_has_a_projection_rule():
    _load_contracts()
    for (event_type, _), cls in REGISTRY.items():
        assert field_updates.dispatch(cls) is not field_updates.dispatch(object), event_type


@pytest.mark.parametrize("name", ["identity.name", "identity.id_number", "guardianship.guardian_phone",
                                  "residence.address", "health.conditions", "disability.category"])
def test_identifying_and_sensitive_fields_are_encrypted(name):
    assert FIELDS[name].encrypted
