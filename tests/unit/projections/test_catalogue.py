from datetime import date

import pytest

from projections.catalogue import RuleError, add_months, age_on, compile_rule, load_catalogue
from projections.fields import FIELDS


def test_the_base_list_has_the_23_items_of_the_service_list():
    items = load_catalogue().items
    assert [i.id for i in items] == [str(n) for n in range(1, 24)]
    assert {i.group for i in items} == {"幼有所育", "学有所教", "病有所医", "住有所居", "弱有所扶", "发展保障"}


def test_guizhou_extends_the_base_list_with_four_items_three_folded_into_the_list():
    """贵州: "在国家清单基础上，拓展了4条具体服务内容，分别是家庭医生签约服务逐步实现全覆盖、提供在居住地参加医保服务、
    对有需求的残疾流动儿童提供辅助器具和对符合条件的流动儿童家庭由居住地纳入最低生活保障"."""
    guizhou = load_catalogue("guizhou")
    assert len(guizhou.items) == 24 and guizhou.version.startswith("base:") and "guizhou:" in guizhou.version
    by_id = {i.id: i for i in guizhou.items}
    assert by_id["7"].extensions == ("GZ1",) and by_id["8"].extensions == ("GZ2",)
    assert by_id["16"].extensions == ("GZ4",) and "GZ3" in by_id


def test_every_field_a_catalogue_reads_exists():
    for region in ("base", "guizhou"):
        assert load_catalogue(region).fields <= FIELDS.keys()


@pytest.mark.parametrize("rule", [{"nope": 1}, {"field_true": "identity.shoe_size"}, {"age_between": [6, 3]}, [],
                                  {"a": 1, "b": 2}])
def test_a_bad_rule_fails_when_loaded(rule):
    with pytest.raises(RuleError):
        compile_rule(rule)


@pytest.mark.parametrize("birth, as_of, age", [
    (date(2019, 5, 10), date(2025, 5, 10), 6), (date(2019, 5, 10), date(2025, 5, 9), 5),
    (date(2016, 2, 29), date(2025, 2, 28), 8), (date(2016, 2, 29), date(2025, 3, 1), 9),
    (date(2016, 2, 29), date(2024, 2, 29), 8),
])
def test_a_child_turns_a_year_older_on_the_birthday(birth, as_of, age):
    assert age_on(birth, as_of) == age


@pytest.mark.parametrize("start, months, end", [
    (date(2025, 11, 30), 3, date(2026, 2, 28)), (date(2023, 11, 30), 3, date(2024, 2, 29)),
    (date(2025, 8, 31), 6, date(2026, 2, 28)), (date(2027, 8, 31), 6, date(2028, 2, 29)),
    (date(2025, 1, 31), 1, date(2025, 2, 28)), (date(2025, 10, 15), 3, date(2026, 1, 15)),
])
def test_months_are_added_clamped_to_the_month_end(start, months, end):
    assert add_months(start, months) == end


def test_unknown_propagates_through_all_and_any():
    unknown, yes = {"unknown": True}, {"always": True}
    f, d = {}, date(2025, 1, 1)
    assert compile_rule({"all": [unknown, yes]})(f, d) is None
    assert compile_rule({"any": [unknown, yes]})(f, d) is True
    assert compile_rule({"not": unknown})(f, d) is None
