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


@pytest.mark.parametrize("text, number", [
    ("〔2023〕川3424民特15号判决：监护人变更为", "〔2023〕川3424民特15号"),
    ("救助编号NO.5134342024001，因孩子住院", "NO.5134342024001"),
    ("，编号NO.62112220230088，因病", "NO.62112220230088"),
    ("低保证号No.4127262022015，户主", "No.4127262022015"),
    ("，编号会东临救〔2024〕56号，拟救助", "会东临救〔2024〕56号"),
    ("证号盐源特困供养证2023-118号，分散供养", "盐源特困供养证2023-118号"),
    ("受案回执越西公（刑）立字〔2024〕312号：报案人", "越西公（刑）立字〔2024〕312号"),
    ("行政处罚决定书甘洛公（治）行罚决字〔2023〕77号", "甘洛公（治）行罚决字〔2023〕77号")])
def test_document_brackets_no_prefixes_relief_approvals_and_police_documents_are_case_numbers(text, number):
    assert ("CASE_NUMBER", number) in found(text)


@pytest.mark.parametrize("text", ["依据公安部公通字〔2014〕5号文件办理。", "按川民发〔2024〕12号要求发放。",
                                  "编号20240315001的材料已归档。", "民政厅临时救助〔2023〕5号文件已转发。"])
def test_policy_documents_and_a_files_bare_number_stay(text):
    assert "CASE_NUMBER" not in [e for e, _ in found(text)]
