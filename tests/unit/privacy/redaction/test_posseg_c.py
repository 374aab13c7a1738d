"""The C cutter (privacy/redaction/_posseg.c) gives exactly posseg_cut.Cutter's words and tags, and the pure-Python
Cutter takes over where the extension was not built."""

import json
import os
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from privacy.redaction.posseg_cut import Cutter, new_cutter
from privacy.redaction.segment import _load

BENCH = Path(__file__).resolve().parents[4] / "bench" / "data"
try:
    from privacy.redaction import _posseg
except ImportError:  # no compiler where it was installed: every test but the fallback's is skipped
    _posseg = None
built = pytest.mark.skipif(_posseg is None, reason="the C extension was not built (no compiler)")


@pytest.fixture(scope="module")
def cutters():
    from privacy.redaction.posseg_cut import c_cutter

    if _posseg is None:
        pytest.skip("the C extension was not built (no compiler)")
    posseg = _load()
    return Cutter(posseg), c_cutter(_posseg, posseg)


def _corpus_texts():
    texts = []
    for path in sorted(BENCH.glob("*.jsonl")):
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]
    return texts


def test_every_corpus_note_is_cut_the_same(cutters):
    python, c = cutters
    texts = _corpus_texts()
    assert len(texts) > 2000
    for text in texts:
        assert c.cut(text) == python.cut(text), text
        assert c.tokens(text) == python.tokens(text), text


ODD = ["", " ", "\r\n", "\r\r\n\n", "的", "a1 b2\r\n", "ＡＢＣ１２３", "3.5kg，C++与C#", "\t龘龘靐", "〇〇七",
       "𠀀𠀁丫𪚥", "1.2.3...a.b_c&d+e#f", "王小明" * 40, "龘" * 300, "龥龦鿕鿖", "张三\u3000李四\u00a0王五",
       "a" * 50 + "的" * 50,
       "2024年3月5日，小明（化名）在朝阳区xx路12号", "B超显示正常", "T恤衫", "AA制", "控辍保学", "卓玛央措今年八岁"]


@pytest.mark.parametrize("text", ODD)
def test_odd_texts_are_cut_the_same(cutters, text):
    python, c = cutters
    assert c.cut(text) == python.cut(text)
    assert c.tokens(text) == python.tokens(text)


# Pieces that exercise every branch: dictionary words, names (HMM runs), Han characters common and rare (the
# characters the HMM model lacks), Han outside the segmenter's range (extension A and B, 〇, the end of the unified
# block), digits and dots, Latin, the '+#&_' joiners, full-width forms and punctuation, whitespace of every kind.
WORDS = ["儿童", "学校", "社区", "北京市", "派出所", "监护人", "留守儿童", "困境", "流动", "班主任", "民政局", "医院",
         "身份证", "电话", "今年", "八岁", "的", "了", "在", "和", "号", "栋", "字第", "少刑初", "控辍保学", "B超",
         "T恤", "AA制", "卡拉OK", "3C"]
NAMES = ["王", "李", "张", "刘", "陈", "欧阳", "司马", "浩宇", "子涵", "梓萱", "雨桐", "阿依古丽", "买买提", "卓玛",
         "央措", "阿苏木呷", "邓轩洋", "豆豆"]
PIECES = ["0", "7", "12", "3.5", ".", "..", "a", "Z", "abc", "x1", "+", "#", "&", "_", "C++", "C#", " ", "  ", "\t",
          "\n", "\r", "\r\n", "\u3000", "\u00a0", "\u2028", "，", "。", "：", "；", "！", "？", "（", "）", "、", "·",
          "“", "”", "—", "ＡＢ", "１２", "〇", "龘", "靐", "龥", "鿕", "鿖", "㐀", "䶵", "𠀀", "𪚥", "😀", "é", "ß",
          "\x00", "\x1c", "\ufeff"]

_han = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FD5)
_piece = st.one_of(st.sampled_from(WORDS), st.sampled_from(NAMES), st.sampled_from(PIECES), _han,
                   st.text(_han, min_size=2, max_size=12), st.characters(codec="utf-8"))
TEXTS = st.lists(_piece, max_size=40).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS)
def test_generated_texts_are_cut_the_same(cutters, text):
    python, c = cutters
    assert c.cut(text) == python.cut(text)
    assert c.tokens(text) == python.tokens(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(st.characters(codec="utf-8"), max_size=60))
def test_any_text_is_cut_the_same(cutters, text):
    python, c = cutters
    assert c.cut(text) == python.cut(text)


def test_words_cover_the_text_in_order(cutters):
    _, c = cutters
    text = "豆豆（化名，男，8岁）2024年3月入园，电话13800138000。\r\nC++ & a.b_c"
    words = c.tokens(text)
    assert "".join(w for w, _, _ in words) == text
    assert all(text[start:start + len(w)] == w for w, _, start in words)


def test_the_c_cutter_rejects_what_is_not_text(cutters):
    _, c = cutters
    with pytest.raises(TypeError):
        c.cut(b"bytes")
    with pytest.raises(TypeError):
        c.tokens(None)


@built
def test_the_c_cutter_is_used_when_built():
    assert type(new_cutter(_load())) is _posseg.Cutter


def test_the_python_cutter_is_used_when_the_extension_is_absent(monkeypatch):
    monkeypatch.setitem(sys.modules, "privacy.redaction._posseg", None)  # import now raises ImportError
    cutter = new_cutter(_load())
    assert type(cutter) is Cutter
    assert cutter.tokens("豆豆入园后不愿意说话。")[:3] == (("豆豆", "n", 0), ("入园", "ns", 2), ("后", "f", 4))


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI (.ci/run) promises a compiler")
def test_ci_built_the_extension():
    assert _posseg is not None, "setup.py did not build privacy/redaction/_posseg.c: see pip's build_ext warning"
