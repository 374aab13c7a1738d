"""一数一源: the single authoritative source of every projection field, with its sensitivity class.

This table is data: one row per field of the child record (一人一档). A field written by any department other than
its owner is rejected; the sensitivity class decides encryption, masking and which purposes may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from events.departments import Department


class Sensitivity(StrEnum):
    """How carefully a field is handled (PIPL: children's data is sensitive personal information)."""

    PUBLIC = "public"  # may appear in published statistics
    INTERNAL = "internal"  # administrative, not identifying on its own
    PERSONAL = "personal"  # identifies or describes the child: encrypted at rest and in transit
    SENSITIVE = "sensitive"  # health, disability, guardianship harm, assistance, judicial: encrypted, narrowest access


@dataclass(frozen=True)
class FieldSpec:
    """One projection field: its owner, sensitivity and whether it holds free text (redacted)."""

    owner: Department
    sensitivity: Sensitivity
    free_text: bool = False

    @property
    def encrypted(self) -> bool:
        """Personal and sensitive values never rest or travel in plaintext past the ingest edge."""
        return self.sensitivity in (Sensitivity.PERSONAL, Sensitivity.SENSITIVE)


PS, CA, ED = Department.PUBLIC_SECURITY, Department.CIVIL_AFFAIRS, Department.EDUCATION
HE, MI, DF = Department.HEALTH, Department.MEDICAL_INSURANCE, Department.DISABLED_FEDERATION
HO, WF = Department.HOUSING, Department.WOMENS_FEDERATION
CO, PR = Department.COURT, Department.PROCURATORATE
YL, HR = Department.YOUTH_LEAGUE, Department.HUMAN_RESOURCES
VC = Department.VILLAGE_COMMITTEE
PUB, INT, PER, SEN = Sensitivity.PUBLIC, Sensitivity.INTERNAL, Sensitivity.PERSONAL, Sensitivity.SENSITIVE


def _f(owner: Department, sensitivity: Sensitivity, free_text: bool = False) -> FieldSpec:
    return FieldSpec(owner, sensitivity, free_text)


FIELDS: dict[str, FieldSpec] = {
    # 公安: identity and residence
    "identity.name": _f(PS, PER),
    "identity.id_number": _f(PS, SEN),
    "identity.sex": _f(PS, INT),
    "identity.birth_date": _f(PS, PER),
    "identity.hukou_area": _f(PS, INT),
    "identity.ethnicity": _f(PS, SEN),
    "residence.area_code": _f(PS, INT),
    "residence.address": _f(PS, PER),
    "residence.permit_number": _f(PS, PER),
    "residence.valid_until": _f(PS, INT),
    "residence.status": _f(PS, INT),
    "residence.since": _f(PS, INT),
    "residence.from_area": _f(PS, INT),
    "residence.to_area": _f(PS, INT),
    "residence.moved_on": _f(PS, INT),
    # Every residence-establishing event's (county, start date), merged order-independently (projections.residence):
    # the 6-month clock counts the time away from the hukou county across moves ("跨县域异地居住或生活6个月以上").
    "residence.history": _f(PS, INT),
    # 民政: guardianship, assistance, orphan status, key-child ledger
    "guardianship.status": _f(CA, SEN),
    "guardianship.guardian_name": _f(CA, PER),
    "guardianship.guardian_relation": _f(CA, PER),
    "guardianship.guardian_phone": _f(CA, PER),
    "guardianship.parents_migrant_workers": _f(CA, PER),
    "guardianship.concern": _f(CA, SEN),  # 监护不当 / 监护侵害
    "guardianship.concern_on": _f(CA, SEN),
    "guardianship.state_care": _f(CA, SEN),  # 临时监护 / 长期监护
    "guardianship.state_care_since": _f(CA, SEN),
    "assistance.dibao": _f(CA, SEN),
    "assistance.dibao_monthly_amount_cny": _f(CA, SEN),
    "assistance.dibao_since": _f(CA, SEN),
    "assistance.dibao_granting_area": _f(CA, SEN),
    "assistance.dibao_ended_on": _f(CA, SEN),
    "assistance.dibao_end_reason": _f(CA, SEN, free_text=True),
    "assistance.tekun": _f(CA, SEN),
    "assistance.tekun_since": _f(CA, SEN),
    "assistance.temporary_relief_on": _f(CA, SEN),
    "assistance.temporary_relief_amount_cny": _f(CA, SEN),
    "assistance.temporary_relief_form": _f(CA, SEN),
    "assistance.disability_living_allowance": _f(CA, SEN),  # 残疾人两项补贴
    "assistance.disability_care_allowance": _f(CA, SEN),
    "assistance.disability_allowances_since": _f(CA, SEN),
    "community_rehab.last_on": _f(CA, SEN),  # 精神障碍社区康复
    "monitoring.last_refreshed_on": _f(CA, INT),  # 民政's survey or six-monthly refresh
    "monitoring.last_refresh_kind": _f(CA, INT),
    "orphan.status": _f(CA, SEN),
    "orphan.since": _f(CA, SEN),
    "orphan.basic_living_allowance": _f(CA, SEN),
    "ledger.in_ledger": _f(CA, SEN),
    "ledger.reasons": _f(CA, SEN),
    "ledger.director_id": _f(CA, INT),
    "ledger.entered_on": _f(CA, SEN),
    "ledger.left_on": _f(CA, SEN),
    "ledger.left_reason": _f(CA, SEN, free_text=True),
    "ledger.last_contact_on": _f(CA, INT),
    "ledger.last_home_visit_on": _f(CA, INT),
    "ledger.last_visit_note": _f(CA, SEN, free_text=True),
    "ledger.categories": _f(CA, SEN),  # Zhejiang's 困境儿童 categories
    "ledger.categories_on": _f(CA, SEN),
    # 教育: schooling
    "education.school_code": _f(ED, INT),
    "education.school_name": _f(ED, INT),
    "education.stage": _f(ED, INT),
    "education.grade": _f(ED, INT),
    "education.status": _f(ED, INT),
    "education.status_since": _f(ED, INT),
    "education.school_type": _f(ED, INT),
    "education.fee_exempted": _f(ED, PER),
    "education.dropout_reason": _f(ED, SEN, free_text=True),
    "education.family_guidance_on": _f(ED, PER),  # the school's parent school (家长学校)
    "education.family_guidance_recipient": _f(ED, PER),
    # 卫健: health
    "health.last_vaccine": _f(HE, SEN),
    "health.last_vaccine_dose": _f(HE, SEN),
    "health.last_immunised_on": _f(HE, SEN),
    "health.family_doctor_team": _f(HE, PER),
    "health.family_doctor_signed_on": _f(HE, PER),
    "health.family_doctor_valid_until": _f(HE, PER),
    "health.smd_followed_up_on": _f(HE, SEN),
    "health.last_checked_on": _f(HE, SEN),
    "health.conditions": _f(HE, SEN),
    # 卫健/疾控: living with HIV, outside health.* so that no purpose reading health data sees it by a wildcard
    "hiv.status": _f(HE, SEN),
    "hiv.recorded_on": _f(HE, SEN),
    # 医保: medical insurance
    "insurance.resident_enrolled": _f(MI, PER),
    "insurance.insured_area": _f(MI, INT),
    "insurance.enrolled_on": _f(MI, PER),
    "insurance.cross_region_settlement": _f(MI, PER),
    # 残联: disability
    "disability.category": _f(DF, SEN),
    "disability.grade": _f(DF, SEN),
    "disability.certified_on": _f(DF, SEN),
    "disability.last_rehab_service": _f(DF, SEN),
    "disability.last_rehab_on": _f(DF, SEN),
    "disability.assistive_device": _f(DF, SEN),
    "disability.assistive_device_on": _f(DF, SEN),
    # 住建: housing difficulty and housing support; sensitive like assistance (it reveals the family's hardship)
    "housing.difficulty": _f(HO, SEN),
    "housing.difficulty_since": _f(HO, SEN),
    "housing.difficulty_basis": _f(HO, SEN),
    "housing.difficulty_ended_on": _f(HO, SEN),
    "housing.difficulty_end_reason": _f(HO, SEN),
    "housing.public_rental_status": _f(HO, SEN),
    "housing.public_rental_status_since": _f(HO, SEN),
    "housing.rent_subsidy": _f(HO, SEN),
    "housing.rent_subsidy_since": _f(HO, SEN),
    "housing.rent_subsidy_monthly_cny": _f(HO, SEN),
    "housing.rent_subsidy_ended_on": _f(HO, SEN),
    # 妇联: family education guidance for the parents, children's home activities of the child
    "family_education.last_guidance_on": _f(WF, PER),
    "family_education.last_guidance_form": _f(WF, PER),
    "family_education.last_guidance_recipient": _f(WF, PER),
    "children_home.last_activity_on": _f(WF, PER),
    "children_home.last_activity": _f(WF, SEN),  # may be psychological support
    "children_home.home_code": _f(WF, PER),  # where the child spends time
    # 法院 and 检察院: orders to the guardians are judicial data, the narrowest class; legal education is not
    "judicial.court_guidance_order_on": _f(CO, SEN),
    "judicial.court_guidance_order_recipient": _f(CO, SEN),
    "judicial.supervision_order_on": _f(PR, SEN),
    "judicial.supervision_order_concern": _f(PR, SEN),
    "judicial.procuratorate_guidance_on": _f(PR, SEN),
    "judicial.procuratorate_guidance_recipient": _f(PR, SEN),
    # Each department that teaches law to children owns its own evidence (一数一源): no shared "last" field.
    "legal_education.police_last_on": _f(PS, PER),
    "legal_education.police_last_form": _f(PS, PER),
    "legal_education.court_last_on": _f(CO, PER),
    "legal_education.court_last_form": _f(CO, PER),
    "legal_education.procuratorate_last_on": _f(PR, PER),
    "legal_education.procuratorate_last_form": _f(PR, PER),
    "legal_education.youth_league_last_on": _f(YL, PER),
    "legal_education.youth_league_last_form": _f(YL, PER),
    # 共青团: activities (administrative, like a director's contact date) and 12355 counselling (sensitive)
    "youth_league.last_activity_on": _f(YL, INT),
    "youth_league.last_activity": _f(YL, INT),
    "youth_league.last_integration_activity_on": _f(YL, INT),
    "youth_league.last_counselling_on": _f(YL, SEN),
    "youth_league.last_counselling_channel": _f(YL, SEN),
    # 人社: technical schools (技工院校) and employment services for the parents
    "technical_school.school_code": _f(HR, INT),
    "technical_school.enrolled_on": _f(HR, PER),
    "technical_school.tuition_waived": _f(HR, PER),
    "technical_school.grant_awarded": _f(HR, SEN),  # 国家助学金 reveals the family's hardship
    "family_employment.last_service_on": _f(HR, PER),
    "family_employment.last_service": _f(HR, PER),
    # --- 摸排 surveys (issue 20, item 1): each surveying department keeps its own record (一数一源) ---
    # 民政's survey record; the campaign, date and surveyor are administrative like a director's contact date
    "monitoring.survey_campaign": _f(CA, INT),
    "monitoring.surveyed_on": _f(CA, INT),
    "monitoring.surveyor_id": _f(CA, INT),
    "monitoring.survey_found_at_address": _f(CA, PER),
    "monitoring.survey_result": _f(CA, SEN),
    "monitoring.survey_categories": _f(CA, SEN),
    # 村(居)委's survey record
    "village_survey.campaign": _f(VC, INT),
    "village_survey.surveyed_on": _f(VC, INT),
    "village_survey.surveyor_id": _f(VC, INT),
    "village_survey.found_at_address": _f(VC, PER),
    "village_survey.result": _f(VC, SEN),
    "village_survey.categories": _f(VC, SEN),
    # the surveyor's area on a person's record (the filer's token): coverage counts the record only where this area
    # contains the child's residence
    "monitoring.surveyor_area": _f(CA, INT),
    "village_survey.surveyor_area": _f(VC, INT),
}

# --- Issue 20, items 3-5 (protection work). Kept as one block so that it merges beside other additions. ---
# Harm reports to crisis intervention: every step is sensitive (监护侵害 is guardianship harm) and sits under its own
# prefix, so that no existing wildcard (guardianship.*, health.*, education.*) hands it to a purpose that does not act
# on it. A report is the reporting department's own evidence (一数一源): one pair of fields per reporter.
FIELDS.update({
    **{f"protection.report_{who}_{what}": _f(dept, SEN)
       for who, dept in (("education", ED), ("health", HE), ("civil_affairs", CA), ("police", PS))
       for what in ("at", "kind", "area")},  # area: where it was made (routes it when no residence is known)
    "protection.report_civil_affairs_by": _f(CA, SEN),  # village committee, grid worker, platform user, public
    # Who filed that report through the platform: a keyed pseudonym of the filer for this child (never a staff id),
    # sealed. Outside protection.*: no purpose reads it; the gate opens it for one check (a report gives its own filer
    # no case_area scope and no alert).
    "filer.civil_affairs_report": _f(CA, SEN),
    "protection.reprimand_on": _f(PS, SEN),  # 训诫
    "protection.guidance_ordered": _f(PS, SEN),  # 责令接受家庭教育指导
    "protection.crisis_at": _f(CA, SEN),  # 危机干预 started (a time: its deadline is counted in hours)
    "protection.crisis_measure": _f(CA, SEN),  # 临时监护, kinship placement, home under supervision
    "protection.revoked_on": _f(CO, SEN),  # 撤销监护人资格
    "protection.appointed_guardian": _f(CO, SEN),  # 依法指定监护人
    # Mental health: the school's assessment (level only), the 一生一策 plan, referrals and their outcomes.
    "mental_health.assessment_year": _f(ED, SEN),
    "mental_health.assessment_on": _f(ED, SEN),
    "mental_health.assessment_level": _f(ED, SEN),
    "mental_health.plan_owner": _f(ED, SEN),  # a staff id; that a plan exists is itself sensitive
    "mental_health.plan_goals": _f(ED, SEN),
    "mental_health.plan_recorded_on": _f(ED, SEN),
    "mental_health.plan_review_on": _f(ED, SEN),
    "mental_health.plan_status": _f(ED, SEN),
    "mental_health.referred_on": _f(ED, SEN),
    "mental_health.referred_to": _f(ED, SEN),
    "mental_health.referral_outcome_on": _f(HE, SEN),
    "mental_health.referral_outcome": _f(HE, SEN),
    # the other receivers' outcomes, each owned by the receiver (12355: 共青团; social work and 社区康复: 民政)
    "mental_health.hotline_outcome_on": _f(YL, SEN),
    "mental_health.hotline_outcome": _f(YL, SEN),
    "mental_health.social_work_outcome_on": _f(CA, SEN),
    "mental_health.social_work_outcome": _f(CA, SEN),
    "mental_health.rehabilitation_outcome_on": _f(CA, SEN),
    "mental_health.rehabilitation_outcome": _f(CA, SEN),
    "community_rehab.enrolled_on": _f(CA, SEN),  # 精神障碍社区康复 enrolment
    # The risk level a person recorded (the computed one stays a suggestion), and every recorded level in order.
    "ledger.risk_level": _f(CA, SEN),
    "ledger.risk_assessed_on": _f(CA, SEN),
    "ledger.risk_assessor": _f(CA, INT),
    "ledger.risk_reasons": _f(CA, SEN),
    "ledger.risk_next_review_on": _f(CA, SEN),
    "ledger.risk_history": _f(CA, INT),
    # Case work under a director's referral: the social worker's id is in the clear (the gate compares it with the
    # caller's principal), the dates are sealed.
    "ledger.social_worker_id": _f(CA, INT),
    "ledger.social_work_referred_on": _f(CA, SEN),
    "ledger.social_work_ended_on": _f(CA, SEN),  # event ids and times in the clear; levels and dates sealed inside
})


def owner_of(field: str) -> Department:
    """The single authoritative department of a field; KeyError for an unknown field."""
    return FIELDS[field].owner


def fields_owned_by(department: str) -> list[str]:
    """Every field one department is the source of."""
    return [name for name, spec in FIELDS.items() if spec.owner == department]
