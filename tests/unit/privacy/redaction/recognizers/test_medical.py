"""MEDICAL (privacy/redaction/recognizers/medical.py): diagnoses and graded disabilities said of a person."""

import pytest

from privacy.redaction import Redactor

R = Redactor()


def found(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]


@pytest.mark.parametrize("text, term", [
    ("孩子患有抑郁症，每周去县医院复诊。", "抑郁症"), ("经诊断为先天性心脏病，需要手术。", "先天性心脏病"),
    ("该生为二级智力残疾，随班就读。", "二级智力残疾"), ("孩子有癫痫，在校期间要注意。", "癫痫"),
    ("患儿确诊急性淋巴细胞白血病。", "急性淋巴细胞白血病"), ("残疾类别：肢体残疾三级", "肢体残疾三级"),
    ("男,2015-03-02,听力二级残疾,已办证", "听力二级残疾"), ("孩子被诊断为孤独症谱系障碍。", "孤独症谱系障碍"),
    ("他为孤独症儿童，已申请康复救助。", "孤独症")])
def test_a_diagnosis_or_a_graded_disability_of_a_person_is_redacted(text, term):
    assert ("MEDICAL", term) in found(text)


@pytest.mark.parametrize("text", [
    "春季手足口病高发，请各校加强晨检。", "孤独症儿童康复机构名单已更新。", "开展预防艾滋病宣传活动。",
    "严重精神障碍患者健康管理服务", "残疾儿童康复救助申请表", "残疾证号已登记。"])
def test_general_mentions_of_a_disease_or_disability_stay(text):
    assert "MEDICAL" not in [e for e, _ in found(text)]


def test_the_redactor_replaces_a_diagnosis_with_its_placeholder():
    assert R.redact("孩子患有癫痫。").text == "孩子患有<MEDICAL>。"


@pytest.mark.parametrize("text, term", [("出院诊断β地中海贫血，需定期输血", "β地中海贫血"),
                                        ("孩子确诊α-地中海贫血", "α-地中海贫血"),
                                        ("因孩子患慢性肾衰竭住院", "慢性肾衰竭"),
                                        ("诊断：急性心力衰竭", "急性心力衰竭")])
def test_a_greek_subtype_and_an_organs_failure_are_diagnoses(text, term):
    assert ("MEDICAL", term) in found(text)


@pytest.mark.parametrize("text, term", [
    ("孩子患有肾母细胞瘤，已化疗两期。", "肾母细胞瘤"), ("父亲患有前列腺炎，无法务工。", "前列腺炎"),
    ("经省儿童医院确诊为先天性巨结肠症。", "先天性巨结肠症"), ("孩子患有癫痫病多年。", "癫痫病"),
    ("初步诊断为疑似孤独症谱系障碍。", "孤独症谱系障碍"), ("其祖母患有阿尔茨海默病。", "阿尔茨海默病"),
    ("母亲去年查出患有宫颈癌。", "宫颈癌"), ("诊断：黏多糖贮积症Ⅱ型", "黏多糖贮积症")])
def test_a_condition_after_a_cue_that_someone_has_it_is_redacted_listed_or_not(text, term):
    """Unlisted conditions (…瘤, …炎, …症 after 患有, 确诊为, 诊断：) as well as listed ones."""
    assert ("MEDICAL", term) in found(text)


@pytest.mark.parametrize("text", [
    "开展预防患上近视眼病的宣传。", "宣传：预防患上手足口病。", "全县确诊病例3例，均已隔离。",
    "患病儿童家庭可申请临时救助。", "患儿家属已签字。"])
def test_a_cue_in_a_general_mention_or_with_no_condition_after_it_finds_nothing(text):
    assert "MEDICAL" not in [e for e, _ in found(text)]


@pytest.mark.parametrize("text, term", [("明哲的病毒性心肌炎要定期复查", "病毒性心肌炎"),
                                        ("走访对象：某某，女，轻度抑郁，家里靠低保", "轻度抑郁"),
                                        ("孩子患有焦虑，正在服药。", "焦虑")])
def test_a_cause_before_a_diagnosis_and_a_mood_with_its_severity_are_diagnoses(text, term):
    assert ("MEDICAL", term) in found(text)


def test_a_mood_alone_without_a_cue_is_no_diagnosis():
    assert "MEDICAL" not in [e for e, _ in found("孩子情绪抑郁，焦虑不安，需多陪伴。")]
