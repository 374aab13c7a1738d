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


@pytest.mark.parametrize("text, span", [
    # abbreviated kinds: 一小, 二小 (第一小学...), 九义校 (九年义务教育学校)
    ("孩子在石渠县城关二小四年级2班读书", "石渠县城关二小四年级2班"),
    ("转入平武县实验一小3年级（1）班", "平武县实验一小3年级（1）班"),
    ("在龙泉乡九义校六年级一班就读", "龙泉乡九义校六年级一班"),
    # the school's own name, tagged by jieba as a name, after a place or a separator
    ("就读于会理县育英学校四年级2班", "会理县育英学校四年级2班"),
    ("王小明/向阳民族小学五年级1班/住址", "向阳民族小学五年级1班")])
def test_abbreviated_kinds_and_a_schools_own_name_are_in_the_span(text, span):
    assert ("SCHOOL_CLASS", span) in found(text)


@pytest.mark.parametrize("text", ["一小时后孩子回家了", "孩子小学五年级，成绩中等", "每天学习一小时三年级的课文"])
def test_an_hour_a_bare_kind_or_a_bare_grade_is_no_school_class(text):
    assert "SCHOOL_CLASS" not in [e for e, _ in found(text)]


def test_a_name_glued_to_the_class_word_is_the_name_after_it():
    text = "下湾九义校5年级３班冉丹疑似抑郁"
    assert ("PERSON", "冉丹") in found(text) and ("PERSON", "班冉丹") not in found(text)


@pytest.mark.parametrize("text, span", [("吴梓轩，帕卡九义校5年级二班，父亲", "帕卡九义校5年级二班"),
                                        ("岑晓宇，回龙乡育英学校五年级３班，父亲", "回龙乡育英学校五年级３班")])
def test_a_schools_own_name_glued_to_its_kind_or_after_a_township_word_is_in_the_span(text, span):
    assert ("SCHOOL_CLASS", span) in found(text)


def test_a_first_character_jieba_cut_off_the_town_stays_in_the_school():
    text = "税敏在糯扎渡镇城关中学初一六班"
    assert ("SCHOOL_CLASS", "糯扎渡镇城关中学初一六班") in found(text)
