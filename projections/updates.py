"""What each event says about the child record: payload -> {projection field: value}. Pure, one rule per type."""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from events.contracts import civil_affairs as ca
from events.contracts import common, disabled_federation as df, education as ed, health as he
from events.contracts import medical_insurance as mi, public_security as ps
from events.registry import PayloadBase

Updates = dict[str, Any]


def _json(payload: PayloadBase) -> dict[str, Any]:
    return payload.model_dump(mode="json")


def _prefixed(prefix: str, payload: PayloadBase, *names: str) -> Updates:
    data = _json(payload)
    return {f"{prefix}.{n}": data[n] for n in names if data.get(n) is not None}


@singledispatch
def field_updates(payload: PayloadBase) -> Updates:
    """The projection fields an event sets."""
    raise NotImplementedError(f"no projection rule for {type(payload).__name__}")


@field_updates.register
def _(p: ps.IdentityRecorded) -> Updates:
    return _prefixed("identity", p, "name", "id_number", "sex", "birth_date", "hukou_area", "ethnicity")


@field_updates.register
def _(p: ps.ResidenceRegistered) -> Updates:
    return {**_prefixed("residence", p, "area_code", "address", "permit_number", "valid_until"),
            "residence.status": "registered"}


@field_updates.register
def _(p: ps.MovedIn) -> Updates:
    return {**_prefixed("residence", p, "area_code", "address", "from_area"), "residence.status": "moved_in"}


@field_updates.register
def _(p: ps.MovedOut) -> Updates:
    return {**_prefixed("residence", p, "to_area"), "residence.status": "moved_out"}


@field_updates.register
def _(p: ca.GuardianshipChanged) -> Updates:
    updates = {"guardianship.status": p.status}
    d = _json(p)
    for name in ("guardian_name", "guardian_relation", "guardian_phone", "parents_migrant_workers"):
        if d.get(name) is not None:
            updates[f"guardianship.{name}"] = d[name]
    return updates


@field_updates.register
def _(p: ca.SubsistenceAllowanceGranted) -> Updates:
    return {"assistance.dibao": True, "assistance.dibao_monthly_amount_cny": p.monthly_amount_cny,
            "assistance.dibao_since": p.since.isoformat()}


@field_updates.register
def _(p: ca.SubsistenceAllowanceEnded) -> Updates:
    updates: Updates = {"assistance.dibao": False, "assistance.dibao_ended_on": p.ended_on.isoformat()}
    if p.reason:
        updates["assistance.dibao_end_reason"] = p.reason
    return updates


@field_updates.register
def _(p: ca.ExtremePovertySupportGranted) -> Updates:
    return {"assistance.tekun": True, "assistance.tekun_since": p.since.isoformat()}


@field_updates.register
def _(p: ca.OrphanStatusRecognised) -> Updates:
    return {"orphan.status": p.status, "orphan.since": p.since.isoformat(),
            "orphan.basic_living_allowance": p.basic_living_allowance}


@field_updates.register
def _(p: ca.KeyChildLedgerEntered) -> Updates:
    return {"ledger.in_ledger": True, "ledger.reasons": sorted(p.reasons), "ledger.director_id": p.director_id,
            "ledger.entered_on": p.entered_on.isoformat()}


@field_updates.register
def _(p: ca.KeyChildLedgerLeft) -> Updates:
    return {"ledger.in_ledger": False, "ledger.left_on": p.left_on.isoformat(), "ledger.left_reason": p.reason}


@field_updates.register
def _(p: ca.DirectorVisited) -> Updates:
    # A home visit is also a contact; both deadlines restart from it.
    on = p.visited_on.isoformat()
    updates: Updates = {"ledger.last_contact_on": on}
    if p.kind == "home_visit":
        updates["ledger.last_home_visit_on"] = on
    if p.note:
        updates["ledger.last_visit_note"] = p.note
    return updates


@field_updates.register
def _(p: ed.Enrolled) -> Updates:
    return {**_prefixed("education", p, "school_code", "school_name", "stage", "grade", "fee_exempted"),
            "education.status": "enrolled", "education.status_since": p.enrolled_on.isoformat()}


@field_updates.register
def _(p: ed.Transferred) -> Updates:
    return {**_prefixed("education", p, "school_code", "school_name", "stage"),
            "education.status": "enrolled", "education.status_since": p.transferred_on.isoformat()}


@field_updates.register
def _(p: ed.DroppedOut) -> Updates:
    updates: Updates = {"education.status": "dropped_out", "education.status_since": p.dropped_on.isoformat()}
    if p.reason:
        updates["education.dropout_reason"] = p.reason
    return updates


@field_updates.register
def _(p: ed.ReturnedToSchool) -> Updates:
    return {**_prefixed("education", p, "school_code", "school_name"),
            "education.status": "returned", "education.status_since": p.returned_on.isoformat()}


@field_updates.register
def _(p: he.ImmunisationRecorded) -> Updates:
    return {"health.last_vaccine": p.vaccine, "health.last_vaccine_dose": p.dose,
            "health.last_immunised_on": p.given_on.isoformat()}


@field_updates.register
def _(p: he.FamilyDoctorSigned) -> Updates:
    return {"health.family_doctor_team": p.team, "health.family_doctor_signed_on": p.signed_on.isoformat()}


@field_updates.register
def _(p: he.HealthManagementRecorded) -> Updates:
    return {"health.last_checked_on": p.checked_on.isoformat(), "health.conditions": sorted(set(p.conditions) - {"none"})}


@field_updates.register
def _(p: mi.ResidentInsuranceEnrolled) -> Updates:
    return {"insurance.resident_enrolled": True, "insurance.insured_area": p.insured_area,
            "insurance.enrolled_on": p.enrolled_on.isoformat(),
            "insurance.cross_region_settlement": p.cross_region_settlement}


@field_updates.register
def _(p: df.DisabilityCertified) -> Updates:
    return {"disability.category": p.category, "disability.grade": p.grade,
            "disability.certified_on": p.certified_on.isoformat()}


@field_updates.register
def _(p: df.RehabilitationProvided) -> Updates:
    return {"disability.last_rehab_service": p.service, "disability.last_rehab_on": p.provided_on.isoformat()}


@field_updates.register
def _(p: common.FieldsCorrected) -> Updates:
    return dict(p.fields)
