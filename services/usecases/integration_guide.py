"""What a department integrator needs to know, from the contracts and the ownership table themselves: the topic to
publish to, each event type with its attributes (required or not, sealed at the edge or not, which projection field
it lands in) and the projection fields the department is the single source of (一数一源)."""

from __future__ import annotations

from typing import Any

from events.departments import Department, topic_for
from events.registry import all_contracts
from projections.fields import FIELDS, fields_owned_by
from projections.updates import SET, sealable_attributes


def department_guide(department: str) -> dict[str, Any]:
    """One department's topic, event contracts and owned fields; ValueError for an unknown department."""
    try:
        dept = Department(department)
    except ValueError:
        raise ValueError(f"unknown department {department!r} (known: {', '.join(departments())})") from None
    contracts = all_contracts()
    events = []
    for (event_type, version), payload in sorted(contracts.items()):
        if dept.value != payload.DEPARTMENT:
            continue
        lands_in = sealable_attributes(payload)
        attributes = [{"name": name, "required": info.is_required(),
                       "projection_field": lands_in.get(name),
                       "sealed_at_edge": bool(lands_in.get(name) and FIELDS[lands_in[name]].encrypted)}
                      for name, info in payload.model_fields.items()]
        events.append({"event_type": event_type, "schema_version": version,
                       "description": " ".join((payload.__doc__ or "").split()),
                       "attributes": attributes, "also_sets": sorted(SET.get(payload, {}))})
    # Contracts without a department (corrections) are open to every department, for the fields it owns.
    shared = sorted(t for (t, _), p in contracts.items() if p.DEPARTMENT is None)
    return {"department": dept.value, "topic": topic_for(dept.value), "events": events, "also_accepted": shared,
            "owns": [{"field": f, "sensitivity": FIELDS[f].sensitivity.value} for f in fields_owned_by(dept.value)]}


def departments() -> list[str]:
    """Every department that publishes child data."""
    return [d.value for d in Department if d is not Department.PLATFORM]
