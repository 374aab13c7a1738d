"""What rules work out per word and tag is bounded and forgotten for a cold pass."""

from privacy.redaction.memo import VOCABULARY_MEMOS, VocabularyMemo, open_rules
from privacy.redaction.segment import clear_caches


def test_a_memo_forgets_everything_at_its_limit_and_on_a_cold_pass():
    memo = VocabularyMemo(limit=3)
    for word in "abc":
        memo.put(word, True)
    assert len(memo) == 3
    memo.put("d", False)
    assert dict(memo) == {"d": False}
    assert memo in VOCABULARY_MEMOS
    clear_caches(vocabulary=False)
    assert memo
    clear_caches()
    assert not memo


def test_open_rules_keeps_the_order_and_the_rules_with_no_gate():
    def a(): ...
    def b(): ...
    def c(): ...

    gates = {a: lambda w, f: w == "x", c: lambda w, f: f == "nr"}
    assert open_rules((a, b, c), gates, "x", "n") == (a, b)
    assert open_rules((a, b, c), gates, "y", "nr") == (b, c)
