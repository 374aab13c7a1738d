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
