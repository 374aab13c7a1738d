"""What each event says about the child record: payload -> {projection field: value}. Pure; rules are tables.

`COPIED` says which payload attribute lands in which projection field. The same table tells the edge which payload
attributes to seal and under which field name (the ciphertext's associated data), so a sealed value travels from the
department to the store unchanged. `SET` holds the constants an event implies (e.g. MovedOut -> status moved_out).
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from events.contracts import civil_affairs as ca
from events.contracts import common
from events.contracts import court as co
from events.contracts import disabled_federation as df
from events.contracts import education as ed
from events.contracts import harm_reports as hr_
from events.contracts import health as he
from events.contracts import housing as ho
from events.contracts import human_resources as hr
from events.contracts import medical_insurance as mi
from events.contracts import mental_health as mh
from events.contracts import procuratorate as pr
from events.contracts import public_security as ps
from events.contracts import risk_assessment as ra
from events.contracts import social_work as sw
from events.contracts import village_committee as vc
from events.contracts import womens_federation as wf
from events.contracts import youth_league as yl
from events.registry import PayloadBase

Updates = dict[str, Any]


def _same(prefix: str, *names: str) -> dict[str, str]:
    return {n: f"{prefix}.{n}" for n in names}


def _legal_education(teacher: str) -> dict[str, str]:
    # Each teaching department keeps its own evidence (一数一源): legal_education.<teacher>_last_on / _last_form.
    return {"delivered_on": f"legal_education.{teacher}_last_on", "form": f"legal_education.{teacher}_last_form"}


COPIED: dict[type[PayloadBase], dict[str, str]] = {
    ps.IdentityRecorded: _same("identity", "name", "id_number", "sex", "birth_date", "hukou_area", "ethnicity"),
    ps.ResidenceRegistered: {**_same("residence", "area_code", "address", "permit_number", "valid_until", "since")},
    ps.MovedIn: {**_same("residence", "area_code", "address", "from_area", "moved_on")},
    ps.MovedOut: {**_same("residence", "to_area", "moved_on"), "area_code": "residence.from_area"},
    ca.GuardianshipChanged: {"status": "guardianship.status",
                             **_same("guardianship", "guardian_name", "guardian_relation", "guardian_phone",
                                     "parents_migrant_workers")},
    ca.SubsistenceAllowanceGranted: {"monthly_amount_cny": "assistance.dibao_monthly_amount_cny",
                                     "since": "assistance.dibao_since",
                                     "granting_area": "assistance.dibao_granting_area"},
    ca.HardshipCategoriesRecorded: {"categories": "ledger.categories", "recorded_on": "ledger.categories_on"},
    ca.GuardianshipConcernRecorded: {"concern": "guardianship.concern", "recorded_on": "guardianship.concern_on"},
    ca.StateGuardianshipProvided: {"kind": "guardianship.state_care", "since": "guardianship.state_care_since"},
    ca.DisabilityAllowancesGranted: {"living_allowance": "assistance.disability_living_allowance",
                                     "care_allowance": "assistance.disability_care_allowance",
                                     "since": "assistance.disability_allowances_since"},
    ca.CommunityRehabilitationProvided: {"provided_on": "community_rehab.last_on"},
    ca.InformationRefreshed: {"refreshed_on": "monitoring.last_refreshed_on", "kind": "monitoring.last_refresh_kind"},
    ca.SubsistenceAllowanceEnded: {"ended_on": "assistance.dibao_ended_on", "reason": "assistance.dibao_end_reason"},
    ca.ExtremePovertySupportGranted: {"since": "assistance.tekun_since"},
    ca.TemporaryReliefGranted: {"granted_on": "assistance.temporary_relief_on",
                                "amount_cny": "assistance.temporary_relief_amount_cny",
                                "form": "assistance.temporary_relief_form"},
    ca.OrphanStatusRecognised: _same("orphan", "status", "since", "basic_living_allowance"),
    ca.KeyChildLedgerEntered: _same("ledger", "reasons", "director_id", "entered_on"),
    ca.KeyChildLedgerLeft: {"left_on": "ledger.left_on", "reason": "ledger.left_reason"},
    ca.DirectorVisited: {"visited_on": "ledger.last_contact_on", "note": "ledger.last_visit_note"},
    ed.Enrolled: {**_same("education", "school_code", "school_name", "stage", "grade", "fee_exempted", "school_type"),
                  "enrolled_on": "education.status_since"},
    ed.Transferred: {**_same("education", "school_code", "school_name", "stage", "school_type"),
                     "transferred_on": "education.status_since"},
    ed.DroppedOut: {"dropped_on": "education.status_since", "reason": "education.dropout_reason"},
    ed.ReturnedToSchool: {**_same("education", "school_code", "school_name"), "returned_on": "education.status_since"},
    he.ImmunisationRecorded: {"vaccine": "health.last_vaccine", "dose": "health.last_vaccine_dose",
                              "given_on": "health.last_immunised_on"},
    he.FamilyDoctorSigned: {"team": "health.family_doctor_team", "signed_on": "health.family_doctor_signed_on",
                            "valid_until": "health.family_doctor_valid_until"},
    he.SevereMentalDisorderFollowedUp: {"followed_up_on": "health.smd_followed_up_on"},
    he.HivInfectionRecorded: {"recorded_on": "hiv.recorded_on"},
    he.HealthManagementRecorded: {"checked_on": "health.last_checked_on", "conditions": "health.conditions"},
    mi.ResidentInsuranceEnrolled: {**_same("insurance", "enrolled_on", "cross_region_settlement"),
                                   "insured_area": "insurance.insured_area"},
    df.DisabilityCertified: _same("disability", "category", "grade", "certified_on"),
    df.RehabilitationProvided: {"service": "disability.last_rehab_service", "provided_on": "disability.last_rehab_on"},
    df.AssistiveDeviceProvided: {"device": "disability.assistive_device",
                                 "provided_on": "disability.assistive_device_on"},
    ho.HousingDifficultyRecognised: {"recognised_on": "housing.difficulty_since", "basis": "housing.difficulty_basis"},
    ho.HousingDifficultyEnded: {"ended_on": "housing.difficulty_ended_on", "reason": "housing.difficulty_end_reason"},
    ho.PublicRentalApplied: {"applied_on": "housing.public_rental_status_since"},
    ho.PublicRentalAllocated: {"allocated_on": "housing.public_rental_status_since"},
    ho.PublicRentalClosed: {"closed_on": "housing.public_rental_status_since",
                            "outcome": "housing.public_rental_status"},
    ho.RentSubsidyGranted: {"since": "housing.rent_subsidy_since",
                            "monthly_amount_cny": "housing.rent_subsidy_monthly_cny"},
    ho.RentSubsidyEnded: {"ended_on": "housing.rent_subsidy_ended_on"},
    wf.FamilyEducationGuidanceDelivered: {"delivered_on": "family_education.last_guidance_on",
                                          "form": "family_education.last_guidance_form",
                                          "recipient": "family_education.last_guidance_recipient"},
    wf.ChildrenHomeActivityAttended: {"attended_on": "children_home.last_activity_on",
                                      "activity": "children_home.last_activity",
                                      "home_code": "children_home.home_code"},
    ed.FamilyEducationGuidanceDelivered: {"delivered_on": "education.family_guidance_on",
                                          "recipient": "education.family_guidance_recipient"},
    ps.LegalEducationDelivered: _legal_education("police"),
    co.FamilyEducationGuidanceOrdered: {"ordered_on": "judicial.court_guidance_order_on",
                                        "recipient": "judicial.court_guidance_order_recipient"},
    co.LegalEducationDelivered: _legal_education("court"),
    pr.GuardianshipSupervisionOrderIssued: {"issued_on": "judicial.supervision_order_on",
                                            "concern": "judicial.supervision_order_concern"},
    pr.FamilyEducationGuidanceDelivered: {"delivered_on": "judicial.procuratorate_guidance_on",
                                          "recipient": "judicial.procuratorate_guidance_recipient"},
    pr.LegalEducationDelivered: _legal_education("procuratorate"),
    yl.ActivityAttended: {"attended_on": "youth_league.last_activity_on", "activity": "youth_league.last_activity"},
    yl.CounsellingProvided: {"provided_on": "youth_league.last_counselling_on",
                             "channel": "youth_league.last_counselling_channel"},
    yl.LegalEducationDelivered: _legal_education("youth_league"),
    hr.TechnicalSchoolEnrolled: _same("technical_school", "school_code", "enrolled_on", "tuition_waived",
                                      "grant_awarded"),
    hr.ParentEmploymentServiceProvided: {"provided_on": "family_employment.last_service_on",
                                         "service": "family_employment.last_service"},
    # --- 摸排 survey records (issue 20, item 1) ---
    ca.ChildSurveyed: {"campaign": "monitoring.survey_campaign", "surveyed_on": "monitoring.surveyed_on",
                       "surveyor_id": "monitoring.surveyor_id",
                       "found_at_address": "monitoring.survey_found_at_address",
                       "result": "monitoring.survey_result", "categories_found": "monitoring.survey_categories",
                       "surveyor_area": "monitoring.surveyor_area"},
    vc.ChildSurveyed: {"campaign": "village_survey.campaign", "surveyed_on": "village_survey.surveyed_on",
                       "surveyor_id": "village_survey.surveyor_id",
                       "found_at_address": "village_survey.found_at_address",
                       "result": "village_survey.result", "categories_found": "village_survey.categories",
                       "surveyor_area": "village_survey.surveyor_area"},
}

# --- Issue 20, items 3-5: harm reports to crisis intervention, mental health, recorded risk (one block). ---
COPIED.update({
    hr_.SchoolHarmReported: {"reported_at": "protection.report_education_at",
                             "kind": "protection.report_education_kind",
                             "area_code": "protection.report_education_area"},
    hr_.HospitalHarmReported: {"reported_at": "protection.report_health_at", "kind": "protection.report_health_kind",
                               "area_code": "protection.report_health_area"},
    hr_.CommunityHarmReported: {"reported_at": "protection.report_civil_affairs_at",
                                "kind": "protection.report_civil_affairs_kind",
                                "reporter": "protection.report_civil_affairs_by",
                                "area_code": "protection.report_civil_affairs_area",
                                "filed_by": "filer.civil_affairs_report"},
    hr_.PoliceHarmReported: {"reported_at": "protection.report_police_at", "kind": "protection.report_police_kind",
                             "area_code": "protection.report_police_area"},
    hr_.GuardianReprimanded: {"reprimanded_on": "protection.reprimand_on",
                              "guidance_ordered": "protection.guidance_ordered"},
    hr_.CrisisInterventionStarted: {"started_at": "protection.crisis_at", "measure": "protection.crisis_measure"},
    hr_.GuardianshipRevoked: {"decided_on": "protection.revoked_on", "appointed": "protection.appointed_guardian"},
    mh.MentalHealthAssessed: {"school_year": "mental_health.assessment_year",
                              "assessed_on": "mental_health.assessment_on",
                              "level": "mental_health.assessment_level"},
    mh.MentalHealthPlanRecorded: {"owner_id": "mental_health.plan_owner", "goals": "mental_health.plan_goals",
                                  "recorded_on": "mental_health.plan_recorded_on",
                                  "review_on": "mental_health.plan_review_on", "status": "mental_health.plan_status"},
    mh.MentalHealthReferred: _same("mental_health", "referred_on", "referred_to"),
    mh.MentalHealthReferralOutcome: {"outcome_on": "mental_health.referral_outcome_on",
                                     "outcome": "mental_health.referral_outcome"},
    mh.HotlineReferralOutcome: {"outcome_on": "mental_health.hotline_outcome_on",
                                "outcome": "mental_health.hotline_outcome"},
    mh.SocialWorkReferralOutcome: {"outcome_on": "mental_health.social_work_outcome_on",
                                   "outcome": "mental_health.social_work_outcome"},
    mh.RehabilitationReferralOutcome: {"outcome_on": "mental_health.rehabilitation_outcome_on",
                                       "outcome": "mental_health.rehabilitation_outcome"},
    mh.CommunityRehabilitationEnrolled: {"enrolled_on": "community_rehab.enrolled_on"},
    ra.RiskAssessed: {"assessor_id": "ledger.risk_assessor", "assessed_on": "ledger.risk_assessed_on",
                      "level": "ledger.risk_level", "reasons": "ledger.risk_reasons",
                      "next_review_on": "ledger.risk_next_review_on"},
    sw.SocialWorkReferred: {"social_worker_id": "ledger.social_worker_id",
                            "referred_on": "ledger.social_work_referred_on"},
    sw.SocialWorkEnded: {"ended_on": "ledger.social_work_ended_on"},
})

SET: dict[type[PayloadBase], Updates] = {
    sw.SocialWorkEnded: {"ledger.social_worker_id": None},  # issue 20: the child is no longer open to the worker
    ps.ResidenceRegistered: {"residence.status": "registered"},
    ps.MovedIn: {"residence.status": "moved_in"},
    ps.MovedOut: {"residence.status": "moved_out"},
    he.HivInfectionRecorded: {"hiv.status": True},
    ca.SubsistenceAllowanceGranted: {"assistance.dibao": True},
    ca.SubsistenceAllowanceEnded: {"assistance.dibao": False},
    ca.ExtremePovertySupportGranted: {"assistance.tekun": True},
    ca.KeyChildLedgerEntered: {"ledger.in_ledger": True},
    ca.KeyChildLedgerLeft: {"ledger.in_ledger": False},
    ed.Enrolled: {"education.status": "enrolled"},
    ed.Transferred: {"education.status": "enrolled"},
    ed.DroppedOut: {"education.status": "dropped_out"},
    ed.ReturnedToSchool: {"education.status": "returned"},
    mi.ResidentInsuranceEnrolled: {"insurance.resident_enrolled": True},
    ho.HousingDifficultyRecognised: {"housing.difficulty": True},
    ho.HousingDifficultyEnded: {"housing.difficulty": False},
    ho.PublicRentalApplied: {"housing.public_rental_status": "applied"},
    ho.PublicRentalAllocated: {"housing.public_rental_status": "allocated"},
    ho.RentSubsidyGranted: {"housing.rent_subsidy": True},
    ho.RentSubsidyEnded: {"housing.rent_subsidy": False},
}


@singledispatch
def field_updates(payload: PayloadBase) -> Updates:
    """The projection fields an event sets: its copied attributes (when present) and its implied constants."""
    mapping = COPIED.get(type(payload))
    if mapping is None:
        raise NotImplementedError(f"no projection rule for {type(payload).__name__}")
    data = payload.model_dump(mode="json")
    copied = {target: data[attr] for attr, target in mapping.items() if data.get(attr) is not None}
    return {**copied, **SET.get(type(payload), {})}


@field_updates.register
def _(p: ca.DirectorVisited) -> Updates:
    # A home visit is also a contact; both deadlines restart from it.
    updates = field_updates.dispatch(PayloadBase)(p)
    if p.kind == "home_visit":
        updates["ledger.last_home_visit_on"] = p.visited_on.isoformat()
    return updates


@field_updates.register
def _(p: ps.ResidenceRegistered | ps.MovedIn) -> Updates:
    # A registration without a start date must not keep the 6-month clock of an earlier address running (the child
    # may have come from elsewhere): the date becomes unknown. A move within one county keeps the clock.
    updates = field_updates.dispatch(PayloadBase)(p)
    start = p.since if isinstance(p, ps.ResidenceRegistered) else p.moved_on
    same_county = isinstance(p, ps.MovedIn) and bool(p.from_area) and str(p.from_area)[:6] == p.area_code[:6]
    if not same_county:
        updates["residence.since"] = start.isoformat() if start else None
    if isinstance(p, ps.MovedIn):
        updates.setdefault("residence.moved_on", None)
        updates.setdefault("residence.from_area", None)
        updates["residence.to_area"] = None
    return updates


@field_updates.register
def _(p: ps.MovedOut) -> Updates:
    # The child's current area is where they went (unknown: None); the clock of the new place has not started.
    updates = field_updates.dispatch(PayloadBase)(p)
    updates["residence.area_code"] = p.to_area
    updates["residence.since"] = None
    updates.setdefault("residence.to_area", None)
    updates.setdefault("residence.moved_on", None)
    return updates


@field_updates.register
def _(p: yl.ActivityAttended) -> Updates:
    # City integration (城市融入) is its own service item: a later cultural activity must not hide it.
    updates = field_updates.dispatch(PayloadBase)(p)
    if p.activity == "city_integration":
        updates["youth_league.last_integration_activity_on"] = p.attended_on.isoformat()
    return updates


@field_updates.register
def _(p: ca.ChildSurveyed) -> Updates:
    # 民政's survey is its re-check of the child's information: "至少每半年更新一次流動兒童信息" restarts from it.
    updates = field_updates.dispatch(PayloadBase)(p)
    updates["monitoring.last_refreshed_on"] = p.surveyed_on.isoformat()
    updates["monitoring.last_refresh_kind"] = "survey"
    updates.setdefault("monitoring.surveyor_area", None)  # a record without one: no earlier record's area stays
    return updates


@field_updates.register
def _(p: vc.ChildSurveyed) -> Updates:
    # The surveyor's area belongs to this record: a department system's record (none) clears an earlier person's.
    updates = field_updates.dispatch(PayloadBase)(p)
    updates.setdefault("village_survey.surveyor_area", None)
    return updates


@field_updates.register
def _(p: hr_.CommunityHarmReported) -> Updates:
    # The filer belongs to this report: a report filed by no platform user (a department system's) clears an earlier
    # filer's pseudonym, so that it never stands beside another report's area.
    updates = field_updates.dispatch(PayloadBase)(p)
    updates.setdefault("filer.civil_affairs_report", None)
    return updates


@field_updates.register
def _(p: common.ChildErased) -> Updates:
    return {}  # apply() handles erasure itself: it clears every field


@field_updates.register
def _(p: common.FieldsCorrected) -> Updates:
    return dict(p.fields)


def sealable_attributes(payload_type: type[PayloadBase]) -> dict[str, str]:
    """Payload attribute -> projection field, for every attribute copied into a field (the edge seals by this)."""
    return dict(COPIED.get(payload_type, {}))
