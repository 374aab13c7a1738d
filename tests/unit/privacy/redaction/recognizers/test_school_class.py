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
    ("3,女,青杠乡核桃坪村小学三年级（4）班,", "青杠乡核桃坪村小学三年级（4）班"),
    # a qualifier ending in 制 (jieba keeps 九年制, 寄宿制 whole), and place names jieba cut into a verb (落水 + 村) or
    # single characters (道 + 真 + 县) after a clear left edge
    ("在盐津县九年制学校五年级（3）班读书", "盐津县九年制学校五年级（3）班"),
    ("在巧家县寄宿制小学四年级（4）班", "巧家县寄宿制小学四年级（4）班"),
    ("落水村第二中学初二（1）班学生", "落水村第二中学初二（1）班"),
    ("格桑卓嘎在道真县第一小学四年级二班就读", "道真县第一小学四年级二班")])
def test_a_school_with_its_grade_and_class_is_one_span(text, span):
    assert ("SCHOOL_CLASS", span) in found(text)


@pytest.mark.parametrize("text", ["白果镇中心小学召开控辍保学推进会。", "今年全县四年级学生共1200人。",
                                  "孩子在小学四年级读书。"])
def test_a_school_alone_or_a_grade_in_statistics_stays(text):
    assert "SCHOOL_CLASS" not in [e for e, _ in found(text)]


def test_a_word_before_a_cut_place_name_is_not_taken_in():
    """Only a clear left edge (start, punctuation, 在...) lets the characters before 村 or 县 join the school's name."""
    spans = [s for e, s in found("他回村小学四年级一班看看。") if e == "SCHOOL_CLASS"]
    assert all(not s.startswith(("他", "回")) for s in spans)
