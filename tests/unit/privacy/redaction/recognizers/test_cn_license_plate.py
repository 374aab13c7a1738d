"""Licence plates (privacy/redaction/recognizers/cn_license_plate.py)."""


import pytest
from recognizer_values import types

from privacy.redaction import redact


@pytest.mark.parametrize("text, plate", [("父亲的车牌号是浙A12345，白色面包车。", "浙A12345"),
                                         ("新能源车京AD12345停在楼下。", "京AD12345"),
                                         ("车辆粤B·3X7K9违停", "粤B·3X7K9")])
def test_licence_plates_are_redacted(text, plate):
    out = redact(text)
    assert plate not in out and "<CN_LICENSE_PLATE>" in out


@pytest.mark.parametrize("text", ["孩子在浙A中学读书", "ABC12345不是车牌", "京ABCDEF"])
def test_a_province_and_letters_without_a_plate_shape_are_not_plates(text):
    assert "CN_LICENSE_PLATE" not in types(text)
