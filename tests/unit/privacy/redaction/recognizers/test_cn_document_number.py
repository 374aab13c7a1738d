"""Numbers of other identity documents (privacy/redaction/recognizers/cn_document_number.py)."""


import pytest

from privacy.redaction import redact


@pytest.mark.parametrize("text, number", [
    ("护照号E12345678，港澳通行证C98765432。", "E12345678"), ("港澳通行证C98765432。", "C98765432"),
    ("学籍号G330106201503011234已核对。", "G330106201503011234"), ("出生医学证明编号 O330012345", "O330012345"),
    ("残疾人证号11010120150301123712", "11010120150301123712"),
    ("社保卡号330106201503011237，开户行杭州银行", "330106201503011237"),
])
def test_numbers_of_other_identity_documents_after_their_cue_are_redacted(text, number):
    out = redact(text)
    assert number not in out and "<CN_DOCUMENT_NUMBER>" in out


@pytest.mark.parametrize("text", ["护照已过期，正在补办。", "户口本在奶奶那里，居住证还没办", "出生证明第3页"])
def test_a_document_named_without_its_number_redacts_nothing(text):
    assert redact(text) == text
