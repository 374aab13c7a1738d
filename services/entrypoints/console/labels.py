"""Chinese words for what the console shows: purposes, roles, departments, field groups and fields, task kinds."""

from __future__ import annotations

PURPOSES = {
    "key_child_care": "重点儿童关爱", "enrolment": "入学服务", "return_to_school": "控辍保学",
    "assistance_review": "救助审核", "health_management": "健康管理", "entitlement_matching": "服务匹配",
    "family_education": "家庭教育指导", "judicial_protection": "司法保护", "youth_services": "青少年服务",
    "compliance_review": "合规审查", "operations": "运行维护", "statistics": "统计分析",
    "survey_coverage": "监测摸排", "precise_identification": "精准识别", "data_reconciliation": "信息比对",
}
ROLES = {
    "children_director": "儿童主任", "caseworker": "民政个案工作者", "compliance": "合规专员",
    "statistician": "统计人员",
    "operator": "运维人员", "school": "学校", "health_worker": "医务人员", "procurator": "检察官",
    "family_educator": "家庭教育指导员", "youth_worker": "共青团工作者", "downstream_app": "下游应用",
    "department_system": "部门系统",
}
DEPARTMENTS = {
    "public_security": "公安", "civil_affairs": "民政", "education": "教育", "health": "卫健",
    "medical_insurance": "医保", "disabled_persons_federation": "残联", "housing": "住建", "womens_federation": "妇联",
    "court": "法院", "procuratorate": "检察院", "youth_league": "共青团", "human_resources": "人社", "platform": "平台",
    "village_committee": "村(居)委",
}
GROUPS = {
    "identity": "身份", "residence": "居住", "guardianship": "监护", "assistance": "救助", "orphan": "孤儿",
    "ledger": "台账", "education": "教育", "health": "健康", "hiv": "艾滋病", "insurance": "医保", "disability": "残疾",
    "judicial": "司法", "monitoring": "摸排与更新", "village_survey": "村(居)委摸排", "community_rehab": "社区康复",
    "housing": "住房",
    "family": "家庭", "youth": "青少年", "employment": "就业",
}
FIELDS = {
    "identity.name": "姓名", "identity.id_number": "身份证号", "identity.sex": "性别",
    "identity.birth_date": "出生日期",
    "identity.hukou_area": "户籍地", "identity.ethnicity": "民族", "residence.area_code": "现居住地",
    "residence.address": "住址", "residence.since": "居住起始", "residence.status": "居住状态",
    "guardianship.status": "监护状况", "guardianship.guardian_name": "监护人",
    "guardianship.guardian_phone": "监护人电话",
    "guardianship.guardian_relation": "与监护人关系", "ledger.in_ledger": "在台账", "ledger.reasons": "列入原因",
    "ledger.entered_on": "列入日期", "ledger.last_contact_on": "最近联系", "ledger.last_home_visit_on": "最近走访",
    "ledger.last_visit_note": "走访记录", "ledger.director_id": "儿童主任", "education.school_name": "学校",
    "education.stage": "学段", "education.grade": "年级", "education.status": "就学状态",
    "monitoring.last_refreshed_on": "最近信息更新", "assistance.dibao": "低保", "assistance.tekun": "特困",
}
TASKS = {"contact": "联系", "home_visit": "入户走访", "info_refresh": "信息更新", "handover": "迁入交接"}
RISK = {"high": "高", "medium": "中", "low": "低"}
ALERTS = {
    "contact": "联系逾期", "home_visit": "走访逾期", "info_refresh": "信息更新逾期", "guardianship_lacking": "监护缺失",
    "guardianship_improper": "监护不当或侵害", "supervision_order": "督促监护令",
    "court_guidance_order": "家庭教育指导令",
    "dropped_out": "辍学", "meets_ledger_criteria": "符合列入台账条件", "moved_out": "已迁出", "handover": "迁入交接",
}
# 比对 rules (projections/catalogue/data/discrepancy_rules.json) and 精准识别 reasons, for the director's pages
DISCREPANCIES = {
    "enrolled_but_moved_out": "在读但已迁出", "dropout_without_director_contact": "辍学后15天未联系",
    "hardship_without_student_aid": "困难家庭学生未获资助",
    "disability_without_rehabilitation": "持证残疾儿童12个月未康复",
    "migrant_parents_without_guardian": "父母均外出务工但无监护人记录",
    "residence_without_local_insurance": "居住地未参加居民医保", "id_number_under_two_keys": "同一身份证号对应两个档案",
}
REASONS = {
    "family_hardship": "家庭生活困难", "disability": "自身残疾", "lack_of_guardianship": "监护缺失",
    "wandering": "流浪",
    "psychological": "心理异常", "behavioural": "行为异常", "help_request": "主动求助",
}


def reason(code: str) -> str:
    """A proposal's reason in Chinese; survey:<category> is what a 摸排 found."""
    if code.startswith("survey:"):
        return "摸排发现：" + REASONS.get(code[7:], code[7:])
    return REASONS.get(code, code)


def purpose(name: str | None) -> str:
    return PURPOSES.get(name or "", name or "未选择")


def field(name: str) -> str:
    group = name.split(".", 1)[0]
    return FIELDS.get(name, f"{GROUPS.get(group, group)}·{name.split('.', 1)[-1]}")

# --- Issue 20, items 3-5 (protection work). ---
PURPOSES.update({"child_protection": "未成年人保护", "crisis_intervention": "危机干预", "mental_health": "心理健康",
                 "supervision": "工作督导", "harm_report": "强制报告"})
ROLES.update({"police": "公安民警", "judge": "法官", "child_supervisor": "儿童督导员", "grid_worker": "网格员"})
GROUPS.update({"protection": "强制报告与危机干预", "mental_health": "心理健康"})
FIELDS.update({"ledger.risk_level": "风险等级（记录）", "ledger.risk_assessed_on": "风险评估日期",
               "ledger.risk_assessor": "评估人", "ledger.risk_reasons": "评估理由",
               "ledger.risk_next_review_on": "下次复评",
               "ledger.risk_history": "风险评估记录"})
TASKS.update({"risk_review": "风险复评"})
ALERTS.update({"risk_level_changed": "风险等级变化", "risk_review": "风险复评逾期"})

# --- Issue 20, items 1 and 7: a person's 摸排 record (the 网格员's form), the 民政 caseworker's page. ---
PURPOSES.update({"survey": "摸排录入"})
SURVEY_RESULTS = {"confirmed": "信息属实", "info_updated": "信息已当场更新", "moved_away": "已搬离",
                  "not_found": "未找到儿童", "needs_help": "需要帮扶"}
ALERTS.update({"harm_reported": "新的强制报告", "police_step_late": "训诫逾期", "crisis_step_late": "危机干预逾期",
               "judicial_step_late": "司法步骤逾期", "unrecorded_harm_report": "无档案儿童的强制报告"})
HARM_KINDS = {"neglect": "监护不当", "harm": "监护侵害"}
REPORTERS = {"grid_worker": "网格员", "platform_user": "平台工作人员", "village_committee": "村(居)委",
             "public": "公众"}
SURVEY_FIELDS = {"id_number": "儿童身份证号", "child_key": "儿童编号", "campaign": "摸排批次",
                 "surveyed_on": "摸排日期", "found_at_address": "是否在登记地址找到", "result": "摸排结果",
                 "categories_found": "发现的情形"}

# --- The 待办提醒 page (console/alerts.py): the protection alerts of police, procurators, judges, schools, health
# and youth workers; each kind as (the step, what is due). The hours and days are the platform's defaults. ---
ALERTS.update({"assessment_overdue": "心理健康测评逾期", "plan_review_overdue": "“一生一策”复评逾期",
               "referral_outcome_overdue": "转介结果逾期"})
ALERT_STEPS = {
    "harm_reported": ("接报处置（公安）", "收到新的强制报告：及时调查处置"),
    "police_step_late": ("训诫（公安）", "对监护人予以训诫"),
    "crisis_step_late": ("危机干预（民政）", "开展危机干预（如临时监护）"),
    "judicial_step_late": ("司法步骤（检察院）", "督促监护令或撤销监护资格等司法步骤"),
    "unrecorded_harm_report": ("无档案儿童的强制报告（民政）", "由本区域民政危机干预处理"),
    "assessment_overdue": ("心理健康测评（学校）", "每学年至少开展1次心理健康测评"),
    "plan_review_overdue": ("“一生一策”复评（学校）", "按复评日期复评心理健康档案"),
    "referral_outcome_overdue": ("转介结果（接收转介的部门）", "反馈转介的处理结果"),
}
# 比对's fields to correct (the school's tasks on 待办提醒, the director's 比对任务)
FIELDS.update({"education.fee_exempted": "学生资助（减免费用）", "disability.last_rehab_on": "最近康复服务",
               "insurance.insured_area": "参保地", "insurance.resident_enrolled": "参加居民医保"})
