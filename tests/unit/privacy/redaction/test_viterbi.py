"""The faster Viterbi decoder gives jieba's tags exactly."""

import json
from pathlib import Path

import pytest

from privacy.redaction.segment import _load

BENCH = Path(__file__).resolve().parents[4] / "bench" / "data"


def _texts():
    texts = []
    for name in ("redaction_heldout.jsonl", "redaction_minority.jsonl", "redaction_casenotes_tune.jsonl"):
        texts += [json.loads(line)["text"] for line in (BENCH / name).read_text(encoding="utf-8").splitlines()]
    return texts + ["", "的", "阿依古丽·买买提", "卓玛央措今年八岁", "豆豆入园后不愿意说话。"]


def test_the_fast_decoder_tags_every_note_as_jiebas_own_does():
    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as original

    from privacy.redaction.viterbi import viterbi as fast

    _load()
    assert posseg.viterbi is fast
    try:
        posseg.viterbi = original
        theirs = [[(p.word, p.flag) for p in posseg.lcut(t)] for t in _texts()]
    finally:
        posseg.viterbi = fast
    ours = [[(p.word, p.flag) for p in posseg.lcut(t)] for t in _texts()]
    assert ours == theirs


@pytest.mark.parametrize("obs", ["浩", "浩宇", "邓轩洋", "阿苏木呷", "龘龘"])
def test_the_decoder_agrees_on_single_runs(obs):
    from jieba.posseg import char_state_tab, prob_emit, prob_start, prob_trans
    from jieba.posseg.viterbi import viterbi as original

    from privacy.redaction.viterbi import viterbi as fast

    tables = (char_state_tab.P, prob_start.P, prob_trans.P, prob_emit.P)
    assert fast(obs, *tables) == original(obs, *tables)
