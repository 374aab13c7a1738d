import pytest
from pydantic import TypeAdapter, ValidationError

from events.types import AreaCode, IdNumber, Phone

WIDE = str.maketrans("0123456789X", "０１２３４５６７８９Ｘ")


@pytest.mark.parametrize("kind, value", [(AreaCode, "330106"), (Phone, "13812345678"),
                                         (IdNumber, "11010120150301123X")])
def test_codes_typed_in_full_width_digits_arrive_as_ascii(kind, value):
    assert TypeAdapter(kind).validate_python(value.translate(WIDE)) == value


def test_a_sealed_token_passes_unchanged_and_a_wrong_code_still_fails():
    token = "enc:v1:ck_a.1:QUJD"
    assert TypeAdapter(IdNumber).validate_python(token) == token
    with pytest.raises(ValidationError):
        TypeAdapter(AreaCode).validate_python("３３０１")
