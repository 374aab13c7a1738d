import socket

import pytest

from privacy.pseudonym import gb11643_check_char
from privacy.redaction import Redactor, redact
from privacy.redaction.recognizers.cn_bank_card import luhn_ok

R = Redactor()


def valid_id(first17="52010320150301123"):
    return first17 + gb11643_check_char(first17)


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


def test_a_wrong_check_character_is_not_an_id_number():
    good = valid_id()
    bad = good[:-1] + ("1" if good[-1] != "1" else "2")
    assert "CN_ID_CARD" not in types(f"身份证号{bad}")


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


def test_emails_are_found_next_to_chinese_text():
    assert types("请发送至邮箱zhangsan88@163.com谢谢") == ["EMAIL"]


@pytest.mark.parametrize("text, name", [("监护人王建国反映家中困难", "王建国"), ("学生李小明连续三天未到校", "李小明"),
                                        ("患儿欧阳娜娜发热就诊", "欧阳娜娜"), ("张伟的母亲来电", "张伟")])
def test_names_announced_by_their_role_are_found(text, name):
    spans = [(e, text[s:t]) for e, s, t in R.analyze(text)]
    assert ("PERSON", name) in spans


@pytest.mark.parametrize("text", ["王牌节目今天播出，大家都很高兴。", "孩子张开双手迎接妈妈，周末一起去公园。",
                                  "补助金额为600元，于2025年3月1日发放。", "学号202312345的学生请到教务处领取课本。",
                                  "长江和黄河是中国的母亲河。"])
def test_ordinary_sentences_are_left_alone(text):
    assert R.redact(text).text == text


@pytest.mark.parametrize("address", ["河北省石家庄市长安区建设路12号阳光小区3栋2单元501室", "贵阳市南明区花果园小区3栋1502",
                                     "遵义市汇川区三江镇石桥村11组"])
def test_addresses_are_found_whole(address):
    text = f"家住{address}，孩子由奶奶照顾。"
    assert ("LOCATION", address) in [(e, text[s:t]) for e, s, t in R.analyze(text)]


def test_redaction_replaces_spans_with_typed_placeholders():
    text = f"走访王建国家，监护人电话13812345678，身份证{valid_id()}。"
    assert redact(text) == "走访<PERSON>家，监护人电话<CN_MOBILE>，身份证<CN_ID_CARD>。"


def test_the_result_repr_never_shows_the_original():
    result = R.redact("监护人王建国电话13812345678")
    assert "13812345678" not in repr(result) and "王建国" not in repr(result)


def test_redaction_works_without_any_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network is not allowed here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert Redactor().redact("电话13812345678").text == "电话<CN_MOBILE>"
