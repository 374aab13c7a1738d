"""CASE_NUMBER (privacy/redaction/recognizers/case_number.py): case and certificate numbers."""

import pytest

from privacy.redaction import Redactor

R = Redactor()


def found(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]


@pytest.mark.parametrize("text, number", [
    ("案号（2025）黔0521民特7号，申请人", "（2025）黔0521民特7号"),
    ("(2024)川1321民初456号民事判决书", "(2024)川1321民初456号"),
    ("不起诉决定书黔务检未检刑不诉〔2023〕Z12号：", "黔务检未检刑不诉〔2023〕Z12号"),
    ("低保证号务川低保字第2023-0456号，户主", "务川低保字第2023-0456号"),
    ("接警单号J520326202403150017：报警人", "J520326202403150017"),
    ("住院号2403150，诊断", "2403150"), ("救助编号LSJZ2024-0317，因", "LSJZ2024-0317"),
    ("纳入特困供养，证号TK5205210021，每月", "TK5205210021")])
def test_case_and_certificate_numbers_are_redacted_whole(text, number):
    assert ("CASE_NUMBER", number) in found(text)


@pytest.mark.parametrize("text", ["根据冀民〔2023〕45号文件要求", "民政局转发国办发〔2016〕13号",
                                  "社会信用代码91520100MA6DX12345的机构通过年检"])
def test_policy_documents_and_credit_codes_stay(text):
    assert found(text) == []
