"""Our segmentation is jieba's: posseg_cut.Cutter and the faster Viterbi decoder give jieba.posseg's words and tags."""

import json
from pathlib import Path

import pytest

from privacy.redaction.segment import _load, tokens

BENCH = Path(__file__).resolve().parents[4] / "bench" / "data"
ODD = ["", " ", "的", "a1 b2\r\n", "电话：138 0013 8000，邮箱 a.b@qq.com", "ＡＢＣ１２３", "阿依古丽·买买提",
       "卓玛央措今年八岁", "豆豆入园后不愿意说话。", "3.5kg，C++与C#", "\t龘龘靐"]


def _texts():
    texts = list(ODD)
    for name in ("redaction_corpus.jsonl", "redaction_heldout.jsonl", "redaction_minority.jsonl",
                 "redaction_casenotes_tune.jsonl"):
        texts += [json.loads(line)["text"] for line in (BENCH / name).read_text(encoding="utf-8").splitlines()]
    return texts


def _jieba(texts):
    import jieba.posseg as posseg
    from jieba.posseg.viterbi import viterbi as original

    fast = posseg.viterbi
    posseg.viterbi = original
    try:
        return [[(p.word, p.flag) for p in posseg.lcut(t)] for t in texts]
    finally:
        posseg.viterbi = fast


def test_our_words_and_tags_are_jiebas_on_every_note():
    _load()
    texts = _texts()
    ours = [[(w, f) for w, f, _ in tokens(t)] for t in texts]
    assert ours == _jieba(texts)


@pytest.mark.parametrize("obs", ["浩", "浩宇", "邓轩洋", "阿苏木呷", "龘龘", "龘", "龥龥龥", "一" * 12,
                                 "号", "栋", "字第", "控辍保学", "少刑初", "卓玛央措今年"])
def test_the_decoders_agree_with_jiebas_on_single_runs(obs):
    from jieba.posseg import char_state_tab, prob_emit, prob_start, prob_trans
    from jieba.posseg.viterbi import viterbi as original

    from privacy.redaction.viterbi import ArrayViterbi
    from privacy.redaction.viterbi import viterbi as fast

    tables = (char_state_tab.P, prob_start.P, prob_trans.P, prob_emit.P)
    arrays = ArrayViterbi(*tables)
    assert fast(obs, *tables) == original(obs, *tables)
    assert arrays(obs) == original(obs, *tables)
    assert arrays(obs) == original(obs, *tables)  # again, from its step tables


def test_a_note_segments_the_same_cold_and_warm():
    from privacy.redaction.segment import clear_caches

    texts = _texts()[:200]
    clear_caches()
    cold = [tokens(t) for t in texts]
    tokens.cache_clear()  # runs decoded and step tables kept
    assert [tokens(t) for t in texts] == cold
