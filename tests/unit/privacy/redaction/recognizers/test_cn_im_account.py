"""QQ numbers and WeChat IDs (privacy/redaction/recognizers/cn_im_account.py)."""


import pytest
from recognizer_values import types

from privacy.redaction import redact


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
