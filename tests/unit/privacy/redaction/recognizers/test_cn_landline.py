"""Landlines (privacy/redaction/recognizers/cn_landline.py)."""


import pytest
from recognizer_values import luhn_card, types

from privacy.redaction import redact


@pytest.mark.parametrize("phone", ["0311-87654321", "(0851)5678123", "010-62345678转123"])
def test_landlines_are_found(phone):
    assert types(f"值班电话{phone}") == ["CN_LANDLINE"]


def test_a_landline_split_by_a_space_is_found_but_not_inside_a_grouped_card():
    assert types("户籍室电话0851-8682 1234") == ["CN_LANDLINE"]
    card = luhn_card("62280895607396")
    assert types(f"收款账户{' '.join(card[i:i + 4] for i in range(0, 16, 4))}，户名见附件") == ["CN_BANK_CARD"]


def test_a_landline_written_with_a_long_dash_is_found_and_a_chinese_dash_stays():
    assert types("联系电话：0571—88886666") == ["CN_LANDLINE"]
    assert redact("孩子说——我不想回家，2019—2020学年") == "孩子说——我不想回家，2019—2020学年"
