"""Values for the redaction tests: valid ID numbers and cards computed independently of the code under test."""

from privacy.redaction import Redactor
from privacy.redaction.recognizers.cn_bank_card import luhn_ok

R = Redactor()
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
FULL_WIDTH = str.maketrans("0123456789Xabcdefghijklmnopqrstuvwxyz@.",
                           "０１２３４５６７８９Ｘａｂｃｄｅｆｇｈｉｊｋｌｍｎｏｐｑｒｓｔｕｖｗｘｙｚ＠．")


def gb11643(first17):
    """The check character of GB 11643-1999, computed here independently of the code under test."""
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


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


def spans_of(text):
    return [(e, text[s:t]) for e, s, t in R.analyze(text)]
