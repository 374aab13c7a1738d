"""Resident ID numbers (privacy/redaction/recognizers/cn_id_card.py)."""


import pytest
from recognizer_values import id_with_x, types, valid_id


@pytest.mark.parametrize("text", [f"身份证号{valid_id()}。", f"证件：{valid_id('11010119991231123')}",
                                  f"号码{valid_id()[:6]}{valid_id()[8:17]}已核实"])
def test_valid_resident_id_numbers_are_found(text):
    assert "CN_ID_CARD" in types(text)


def test_an_id_number_ending_in_x_is_found_in_either_case():
    assert types(f"身份证{id_with_x()}，") == ["CN_ID_CARD"]
    assert types(f"身份证{id_with_x().lower()}，") == ["CN_ID_CARD"]


@pytest.mark.parametrize("first17", ["52010320150301123", "11010519991231002", "43052420140512002",
                                     "41162320110213928"])
def test_every_wrong_check_character_is_rejected(first17):
    good = valid_id(first17)
    for wrong in "0123456789X":
        if wrong != good[-1]:
            assert "CN_ID_CARD" not in types(f"身份证号{first17}{wrong}。")


@pytest.mark.parametrize("number", ["520103151301123", "520103150230123", "520103150631123"])
def test_a_fifteen_digit_number_without_a_real_birth_date_is_not_an_id(number):
    assert "CN_ID_CARD" not in types(f"旧证号{number}。")


def test_an_id_number_in_groups_or_after_the_student_number_letter_is_found():
    number = valid_id("43052420140512002")
    assert types(f"身份证号 {number[:6]} {number[6:14]} {number[14:]}，已核验") == ["CN_ID_CARD"]
    assert types(f"学籍号G{number}，已转出") == ["CN_ID_CARD"]


def test_a_valid_resident_id_number_on_a_residence_permit_stays_an_id_number():
    assert types(f"居住证号码：{valid_id()}") == ["CN_ID_CARD"]
