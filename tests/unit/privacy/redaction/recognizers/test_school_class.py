"""SCHOOL_CLASS (privacy/redaction/recognizers/school_class.py): a school with grade and class, as one span."""

import pytest

from privacy.redaction import Redactor

R = Redactor()


def found(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]


@pytest.mark.parametrize("text, span", [
    ("孩子在白果镇中心小学四年级一班读书。", "白果镇中心小学四年级一班"),
    ("务川县中心小学五年级5班学生", "务川县中心小学五年级5班"),
    ("转入正安县第一中学初二（2）班", "正安县第一中学初二（2）班"),
    ("在高峰村九年一贯制学校五年级三班就读", "高峰村九年一贯制学校五年级三班"),
    ("3,女,青杠乡核桃坪村小学三年级（4）班,", "青杠乡核桃坪村小学三年级（4）班")])
def test_a_school_with_its_grade_and_class_is_one_span(text, span):
    assert ("SCHOOL_CLASS", span) in found(text)


@pytest.mark.parametrize("text", ["白果镇中心小学召开控辍保学推进会。", "今年全县四年级学生共1200人。", "孩子在小学四年级读书。"])
def test_a_school_alone_or_a_grade_in_statistics_stays(text):
    assert "SCHOOL_CLASS" not in [e for e, _ in found(text)]
