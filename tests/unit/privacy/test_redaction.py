import socket

import pytest

from privacy.redaction import Redactor, redact
from privacy.redaction.recognizers.cn_bank_card import luhn_ok
from privacy.redaction.redactor import redact_many

R = Redactor()
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def gb11643(first17):
    """The check character of GB 11643-1999, computed here independently of the code under test."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def valid_id(first17="52010320150301123"):
    return first17 + gb11643(first17)


def id_with_x():
    for seq in range(1000):
        first17 = f"43052420140512{seq:03d}"
        if gb11643(first17) == "X":
            return first17 + "X"
    raise AssertionError


def luhn_card(prefix="62220202000000"):
    for last in "0123456789":
        for mid in "0123456789":
            if luhn_ok(prefix + mid + last):
                return prefix + mid + last
    raise AssertionError


def types(text):
    return [e for e, _, _ in R.analyze(text)]


@pytest.mark.parametrize("text", [f"身份证号{valid_id()}。", f"证件：{valid_id('11010119991231123')}",
                                  f"号码{valid_id()[:6]}{valid_id()[8:17]}已核实"])
def test_valid_resident_id_numbers_are_found(text):
    assert "CN_ID_CARD" in types(text)


def test_an_id_number_ending_in_x_is_found_in_either_case():
    assert types(f"身份证{id_with_x()}，") == ["CN_ID_CARD"]
    assert types(f"身份证{id_with_x().lower()}，") == ["CN_ID_CARD"]


@pytest.mark.parametrize("first17", ["52010320150301123", "11010519991231002", "43052420140512002", "41162320110213928"])
def test_every_wrong_check_character_is_rejected(first17):
    good = valid_id(first17)
    for wrong in "0123456789X":
        if wrong != good[-1]:
            assert "CN_ID_CARD" not in types(f"身份证号{first17}{wrong}。")


@pytest.mark.parametrize("number", ["520103151301123", "520103150230123", "520103150631123"])
def test_a_fifteen_digit_number_without_a_real_birth_date_is_not_an_id(number):
    assert "CN_ID_CARD" not in types(f"旧证号{number}。")


@pytest.mark.parametrize("phone", ["13812345678", "+86 13812345678", "138-1234-5678", "138 1234 5678", "8613812345678"])
def test_mobile_numbers_in_their_usual_shapes_are_found(phone):
    assert types(f"监护人电话{phone}，请联系") == ["CN_MOBILE"]


@pytest.mark.parametrize("phone", ["0311-87654321", "(0851)5678123", "010-62345678转123"])
def test_landlines_are_found(phone):
    assert types(f"值班电话{phone}") == ["CN_LANDLINE"]


def test_bank_cards_must_pass_luhn():
    card = luhn_card()
    wrong = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert types(f"银行卡{card}") == ["CN_BANK_CARD"]
    assert types(f"银行卡{' '.join(card[i:i + 4] for i in range(0, 16, 4))}") == ["CN_BANK_CARD"]
    assert "CN_BANK_CARD" not in types(f"银行卡{wrong}")


@pytest.mark.parametrize("text", ["学号20231234567", "订单12345678901", "电话1381234567", "编号213812345678"])
def test_digit_runs_that_are_not_mobiles_are_left_alone(text):
    assert "CN_MOBILE" not in types(text)


@pytest.mark.parametrize("text", ["补助600元于2025年3月1日发放", "考勤记录20240315缺勤2人", "第3栏填写完整"])
def test_dates_and_amounts_are_not_phone_numbers(text):
    assert types(text) == []


def test_a_nineteen_digit_card_grouped_by_spaces_is_found():
    digits = "621700234000123456"
    card = next(digits + d for d in "0123456789" if luhn_ok(digits + d))
    assert types(f"账户{' '.join(card[i:i + 4] for i in range(0, 19, 4))}，开户行农业银行") == ["CN_BANK_CARD"]


def test_emails_are_found_next_to_chinese_text():
    assert types("请发送至邮箱zhangsan88@163.com谢谢") == ["EMAIL"]


def test_redaction_replaces_spans_with_typed_placeholders():
    text = f"走访王建国家，监护人电话13812345678，身份证{valid_id()}。"
    assert redact(text) == "走访<PERSON>家，监护人电话<CN_MOBILE>，身份证<CN_ID_CARD>。"


def test_redact_many_keeps_the_order_of_its_inputs():
    assert redact_many(["电话13812345678", "无", "邮箱a1@qq.com"]) == ["电话<CN_MOBILE>", "无", "邮箱<EMAIL>"]


def test_overlapping_findings_become_one_placeholder():
    text = "家住贵阳市南明区花果园小区3栋1502，监护人王建国"
    spans = R.analyze(text)
    assert all(a[2] <= b[1] for a, b in zip(spans, spans[1:]))


def test_the_result_repr_never_shows_the_original():
    result = R.redact("监护人王建国电话13812345678")
    assert "13812345678" not in repr(result) and "王建国" not in repr(result)


def test_redaction_works_without_any_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network is not allowed here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert Redactor().redact("电话13812345678").text == "电话<CN_MOBILE>"


def spans_of(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]


def test_an_id_number_in_groups_or_after_the_student_number_letter_is_found():
    number = valid_id("43052420140512002")
    assert types(f"身份证号 {number[:6]} {number[6:14]} {number[14:]}，已核验") == ["CN_ID_CARD"]
    assert types(f"学籍号G{number}，已转出") == ["CN_ID_CARD"]


def test_a_landline_split_by_a_space_is_found_but_not_inside_a_grouped_card():
    assert types("户籍室电话0851-8682 1234") == ["CN_LANDLINE"]
    card = luhn_card("62280895607396")
    assert types(f"收款账户{' '.join(card[i:i + 4] for i in range(0, 16, 4))}，户名见附件") == ["CN_BANK_CARD"]


@pytest.mark.parametrize("phone", ["138 0013 8000", "138-0013-8000", "+86 138 0013 8000"])
def test_mobiles_written_in_groups_are_found(phone):
    assert types(f"联系电话{phone}，请尽快回电") == ["CN_MOBILE"]


def test_a_name_found_once_is_redacted_wherever_it_recurs_in_the_note():
    assert redact("孩子小名叫豆豆，奶奶说豆豆最近不爱吃饭。") == "孩子小名叫<PERSON>，奶奶说<PERSON>最近不爱吃饭。"


def test_a_surname_before_a_title_is_not_repeated_across_the_note():
    assert redact("王老师说王府井很远。").count("<PERSON>") == 1


@pytest.mark.parametrize("text, account", [
    ("家长QQ号 987654321，有事可留言。", "987654321"), ("QQ：10001", "10001"),
    ("加了家长微信 lihua_2010 方便联系", "lihua_2010"), ("微信号码为 Zhang-Wei88，已加好友。", "Zhang-Wei88"),
])
def test_qq_numbers_and_wechat_ids_after_their_cue_are_redacted(text, account):
    out = redact(text)
    assert account not in out and "<CN_IM_ACCOUNT>" in out


@pytest.mark.parametrize("text", ["QQ空间里有照片", "学号 987654321", "编号lihua_2010", "微信同手机号13812345678"])
def test_digits_and_handles_without_an_account_cue_are_not_accounts(text):
    assert "CN_IM_ACCOUNT" not in types(text)


@pytest.mark.parametrize("text, plate", [("父亲的车牌号是浙A12345，白色面包车。", "浙A12345"),
                                         ("新能源车京AD12345停在楼下。", "京AD12345"), ("车辆粤B·3X7K9违停", "粤B·3X7K9")])
def test_licence_plates_are_redacted(text, plate):
    out = redact(text)
    assert plate not in out and "<CN_LICENSE_PLATE>" in out


@pytest.mark.parametrize("text", ["孩子在浙A中学读书", "ABC12345不是车牌", "京ABCDEF"])
def test_a_province_and_letters_without_a_plate_shape_are_not_plates(text):
    assert "CN_LICENSE_PLATE" not in types(text)


@pytest.mark.parametrize("text, number", [
    ("护照号E12345678，港澳通行证C98765432。", "E12345678"), ("港澳通行证C98765432。", "C98765432"),
    ("学籍号G330106201503011234已核对。", "G330106201503011234"), ("出生医学证明编号 O330012345", "O330012345"),
    ("残疾人证号11010120150301123712", "11010120150301123712"), ("社保卡号330106201503011237，开户行杭州银行", "330106201503011237"),
])
def test_numbers_of_other_identity_documents_after_their_cue_are_redacted(text, number):
    out = redact(text)
    assert number not in out and "<CN_DOCUMENT_NUMBER>" in out


def test_a_valid_resident_id_number_on_a_residence_permit_stays_an_id_number():
    assert types(f"居住证号码：{valid_id()}") == ["CN_ID_CARD"]


@pytest.mark.parametrize("text", ["护照已过期，正在补办。", "户口本在奶奶那里，居住证还没办", "出生证明第3页"])
def test_a_document_named_without_its_number_redacts_nothing(text):
    assert redact(text) == text


def test_the_service_list_itself_holds_no_personal_data():
    """Policy wording (普惠托育, 精神障碍社区康复) is no name and no address."""
    import json
    from pathlib import Path

    data = Path(__file__).resolve().parents[3] / "projections" / "catalogue" / "data"
    for name in ("service-list.json", "guizhou.json"):
        for item in json.loads((data / name).read_text(encoding="utf-8"))["items"]:
            for text in (item["name"], item["target_group"], item["content"], item.get("note", "")):
                assert R.analyze(text) == [], text


FULL_WIDTH = str.maketrans("0123456789Xabcdefghijklmnopqrstuvwxyz@.", "０１２３４５６７８９Ｘａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．")


@pytest.mark.parametrize("text, entity", [
    ("监护人电话13812345678。", "CN_MOBILE"), (f"身份证号{valid_id()}。", "CN_ID_CARD"),
    ("邮箱zhang@163.com", "EMAIL"), (f"银行卡{luhn_card()}", "CN_BANK_CARD"),
])
def test_full_width_digits_and_letters_are_read_as_their_ascii_forms(text, entity):
    wide = text.translate(FULL_WIDTH)
    assert wide != text and types(wide) == [entity]


def test_a_landline_written_with_a_long_dash_is_found_and_a_chinese_dash_stays():
    assert types("联系电话：0571—88886666") == ["CN_LANDLINE"]
    assert redact("孩子说——我不想回家，2019—2020学年") == "孩子说——我不想回家，2019—2020学年"
