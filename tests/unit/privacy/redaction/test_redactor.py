"""The redactor (privacy/redaction/redactor.py): placeholders, overlaps, repeated names, normalisation."""

import socket
import sys
from pathlib import Path

import pytest

from privacy.redaction import Redactor, redact
from privacy.redaction.redactor import redact_many

sys.path.insert(0, str(Path(__file__).parent / "recognizers"))
from recognizer_values import FULL_WIDTH, R, luhn_card, types, valid_id  # noqa: E402


def test_redaction_replaces_spans_with_typed_placeholders():
    text = f"走访王建国家，监护人电话13812345678，身份证{valid_id()}。"
    assert redact(text) == "走访<PERSON>家，监护人电话<CN_MOBILE>，身份证<CN_ID_CARD>。"


def test_redact_many_keeps_the_order_of_its_inputs():
    assert redact_many(["电话13812345678", "无", "邮箱a1@qq.com"]) == ["电话<CN_MOBILE>", "无", "邮箱<EMAIL>"]


def test_overlapping_findings_become_one_placeholder():
    text = "家住贵阳市南明区花果园小区3栋1502，监护人王建国"
    spans = R.analyze(text)
    assert all(a[2] <= b[1] for a, b in zip(spans, spans[1:], strict=False))


def test_the_result_repr_never_shows_the_original():
    result = R.redact("监护人王建国电话13812345678")
    assert "13812345678" not in repr(result) and "王建国" not in repr(result)


def test_redaction_works_without_any_network(monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network is not allowed here")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    assert Redactor().redact("电话13812345678").text == "电话<CN_MOBILE>"


def test_a_name_found_once_is_redacted_wherever_it_recurs_in_the_note():
    assert redact("孩子小名叫豆豆，奶奶说豆豆最近不爱吃饭。") == "孩子小名叫<PERSON>，奶奶说<PERSON>最近不爱吃饭。"


def test_a_surname_before_a_title_is_not_repeated_across_the_note():
    assert redact("王老师说王府井很远。").count("<PERSON>") == 1


def test_the_service_list_itself_holds_no_personal_data():
    """Policy wording (普惠托育, 精神障碍社区康复) is no name and no address, in every region's list."""
    import json
    from pathlib import Path

    from projections.catalogue.loader import regions

    for path in regions().values():
        for item in json.loads(Path(path).read_text(encoding="utf-8"))["items"]:
            for key in ("name", "target_group", "content", "note", "wording", "extension_wording"):
                assert R.analyze(item.get(key, "")) == [], item.get(key)


@pytest.mark.parametrize("text, entity", [
    ("监护人电话13812345678。", "CN_MOBILE"), (f"身份证号{valid_id()}。", "CN_ID_CARD"),
    ("邮箱zhang@163.com", "EMAIL"), (f"银行卡{luhn_card()}", "CN_BANK_CARD"),
])
def test_full_width_digits_and_letters_are_read_as_their_ascii_forms(text, entity):
    wide = text.translate(FULL_WIDTH)
    assert wide != text and types(wide) == [entity]


def test_a_note_is_normalised_exactly_when_it_holds_a_character_to_normalise():
    """explain() skips the translation when the quick search finds nothing: the two agree on every BMP character."""
    from privacy.redaction.redactor import _NORMALISE, _TO_NORMALISE

    for code in range(0x20, 0x10000):
        char = chr(code)
        assert (char.translate(_NORMALISE) != char) == (_TO_NORMALISE.search(char) is not None), hex(code)
