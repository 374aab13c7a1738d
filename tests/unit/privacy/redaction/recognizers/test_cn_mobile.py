"""Mobile numbers (privacy/redaction/recognizers/cn_mobile.py)."""


import pytest
from recognizer_values import types


@pytest.mark.parametrize("phone", ["13812345678", "+86 13812345678", "138-1234-5678", "138 1234 5678", "8613812345678"])
def test_mobile_numbers_in_their_usual_shapes_are_found(phone):
    assert types(f"监护人电话{phone}，请联系") == ["CN_MOBILE"]


@pytest.mark.parametrize("text", ["学号20231234567", "订单12345678901", "电话1381234567", "编号213812345678"])
def test_digit_runs_that_are_not_mobiles_are_left_alone(text):
    assert "CN_MOBILE" not in types(text)


@pytest.mark.parametrize("text", ["补助600元于2025年3月1日发放", "考勤记录20240315缺勤2人", "第3栏填写完整"])
def test_dates_and_amounts_are_not_phone_numbers(text):
    assert types(text) == []


@pytest.mark.parametrize("phone", ["138 0013 8000", "138-0013-8000", "+86 138 0013 8000"])
def test_mobiles_written_in_groups_are_found(phone):
    assert types(f"联系电话{phone}，请尽快回电") == ["CN_MOBILE"]
