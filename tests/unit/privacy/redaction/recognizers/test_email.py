"""E-mail addresses (privacy/redaction/recognizers/email.py)."""



from recognizer_values import types


def test_emails_are_found_next_to_chinese_text():
    assert types("请发送至邮箱zhangsan88@163.com谢谢") == ["EMAIL"]
