"""jieba.posseg's cut (dictionary DAG, best route, HMM for runs of unknown characters) written out once more without
its layers of generators and pair objects, and with the faster Viterbi decoder: the same words and tags
(tests/unit/privacy/redaction/test_segmentation.py compares them with jieba's on every corpus note).
Follows jieba 0.42.1: POSTokenizer.__cut_internal with HMM, __cut_DAG, __cut_detail, __cut; Tokenizer.get_DAG, calc.

The same cut in C (_posseg.c, built by setup.py where a compiler is at hand) is ~10x faster: new_cutter() is the one
place that picks it, and falls back to Cutter when the extension is absent (tests/unit/privacy/redaction/
test_posseg_c.py holds the two to the same words and tags).
"""

from __future__ import annotations

import re
from importlib import import_module
from math import log
from typing import Protocol

from privacy.redaction.viterbi import ArrayViterbi

RE_HAN_DETAIL = re.compile("([\u4E00-\u9FD5]+)")
RE_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
RE_HAN_INTERNAL = re.compile(r"([\u4E00-\u9FD5a-zA-Z0-9+#&\._]+)")
RE_SKIP_INTERNAL = re.compile(r"(\r\n|\s)")
RE_ENG = re.compile("[a-zA-Z0-9]+")
RE_NUM = re.compile(r"[\.0-9]+")
NUMBER_CHARS = frozenset(".0123456789")  # what RE_NUM matches at a character
HMM_MEMO = 50_000  # decoded runs kept (a few MB at most)


class Segmenter(Protocol):
    """What both cutters offer."""

    def cut(self, sentence: str, /) -> list[tuple[str, str]]: ...
    def tokens(self, sentence: str, /) -> tuple[tuple[str, str, int], ...]: ...
    def clear(self) -> None: ...


def new_cutter(posseg) -> Segmenter:  # noqa: ANN001 - jieba.posseg, loaded
    """The C cutter when the extension was built, else the pure-Python one: the same words, tags and methods."""
    try:
        module = import_module("privacy.redaction._posseg")
    except ImportError:
        return Cutter(posseg)
    return c_cutter(module, posseg)


def c_cutter(module, posseg) -> Segmenter:  # noqa: ANN001 - the _posseg module, jieba.posseg
    """_posseg.Cutter over jieba's loaded tables, converted once (~15 MB of C tables; the HMM states numbered in
    their sort order, which is how jieba's max() breaks ties)."""
    tokenizer = posseg.dt.tokenizer
    tokenizer.check_initialized()
    names = sorted(posseg.trans_P)
    index = {s: i for i, s in enumerate(names)}
    return module.Cutter(
        tokenizer.FREQ,
        log(tokenizer.total),
        posseg.dt.word_tag_tab,
        names,
        [posseg.start_P[s] for s in names],
        [(index[s], index[y], p) for s, out in posseg.trans_P.items() for y, p in out.items()],
        [(char, [index[s] for s in states]) for char, states in posseg.char_state_tab_P.items()],
        [(index[s], char, p) for s, out in posseg.emit_P.items() for char, p in out.items()],
    )


class Cutter:
    """Words and tags of a text, as jieba.posseg.lcut gives them."""

    def __init__(self, posseg) -> None:  # noqa: ANN001 - jieba.posseg, loaded
        tokenizer = posseg.dt.tokenizer
        tokenizer.check_initialized()
        self.freq = tokenizer.FREQ
        self.logtotal = log(tokenizer.total)
        self.tags = posseg.dt.word_tag_tab
        self.model = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)
        # The HMM's words and tags for a run of characters the dictionary lacks depend on that run alone: a run met
        # before (号 after a number, 栋, 字第, a name that recurs) is decoded once. Bounded; clear() empties it.
        self.hmm: dict[str, tuple[tuple[str, str], ...]] = {}
        self.decode = ArrayViterbi(*self.model)  # viterbi.py: the same states as jieba's decoder, faster
        # log(frequency) - log(total) per frequency, as _route computes it (the same float arithmetic).
        self.logf: dict[int, float] = {}

    def clear(self) -> None:
        """Forget the decoded runs and cached log-probabilities (a benchmark pass starts cold)."""
        self.hmm.clear()
        self.logf.clear()
        self.decode.clear()

    def tokens(self, sentence: str) -> tuple[tuple[str, str, int], ...]:
        """(word, tag, start offset) for every word of cut()."""
        out, pos = [], 0
        for word, flag in self.cut(sentence):
            out.append((word, flag, pos))
            pos += len(word)
        return tuple(out)

    def cut(self, sentence: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        for blk in RE_HAN_INTERNAL.split(sentence):
            if not blk:
                continue
            if RE_HAN_INTERNAL.match(blk):
                self._cut_dag(blk, out)
                continue
            for x in RE_SKIP_INTERNAL.split(blk):
                if RE_SKIP_INTERNAL.match(x):
                    out.append((x, "x"))
                    continue
                english = RE_ENG.match(x) is not None  # sic: jieba tests the whole run, for every character
                for xx in x:
                    if xx in NUMBER_CHARS:  # RE_NUM.match of one character
                        out.append((xx, "m"))
                    elif english:
                        out.append((xx, "eng"))
                    else:
                        out.append((xx, "x"))
        return out

    def _route(self, sentence: str) -> list:
        """jieba's DAG and best route in one backward pass: the words starting at each character are walked as
        get_DAG walks them (while the fragment is a prefix in the dictionary) and scored at once; log(frequency) -
        log(total) is cached per frequency (the same float as computed each time)."""
        freq, logtotal, n = self.freq, self.logtotal, len(sentence)
        logf = self.logf
        route: list = [None] * (n + 1)
        route[n] = (0, 0)
        for idx in range(n - 1, -1, -1):
            best = None
            i, frag = idx, sentence[idx]
            while i < n:
                f = freq.get(frag)
                if f is None:
                    break  # no dictionary word starts with this fragment
                if f:
                    p = logf.get(f)
                    if p is None:
                        p = logf[f] = log(f) - logtotal
                    cand = (p + route[i + 1][0], i)
                    if best is None or cand > best:
                        best = cand
                i += 1
                frag = sentence[idx:i + 1]
            if best is None:  # no word starts here: the character alone, as jieba's DAG gives it
                f = freq.get(sentence[idx]) or 1
                p = logf.get(f)
                if p is None:
                    p = logf[f] = log(f) - logtotal
                best = (p + route[idx + 1][0], idx)
            route[idx] = best
        return route

    def _cut_dag(self, sentence: str, out: list) -> None:
        route = self._route(sentence)
        tags = self.tags
        x, n, buf = 0, len(sentence), ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            self._flush(buf, out)

    def _flush(self, buf: str, out: list) -> None:
        tags = self.tags
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self.freq.get(buf):
            self._cut_detail(buf, out)
        else:
            for elem in buf:
                out.append((elem, tags.get(elem, "x")))

    def _cut_detail(self, sentence: str, out: list) -> None:
        for blk in RE_HAN_DETAIL.split(sentence):
            if RE_HAN_DETAIL.match(blk):
                self._cut_hmm(blk, out)
            else:
                for x in RE_SKIP_DETAIL.split(blk):
                    if x:
                        out.append((x, "m" if RE_NUM.match(x) else "eng" if RE_ENG.match(x) else "x"))

    def _cut_hmm(self, sentence: str, out: list) -> None:
        words = self.hmm.get(sentence)
        if words is None:
            if len(self.hmm) >= HMM_MEMO:
                self.hmm.clear()
            words = self.hmm[sentence] = tuple(self._decode(sentence))
        out.extend(words)

    def _decode(self, sentence: str) -> list:
        out: list = []
        _, pos_list = self.decode(sentence)
        begin = nexti = 0
        for i, char in enumerate(sentence):
            pos = pos_list[i][0]
            if pos == "B":
                begin = i
            elif pos == "E":
                out.append((sentence[begin:i + 1], pos_list[i][1]))
                nexti = i + 1
            elif pos == "S":
                out.append((char, pos_list[i][1]))
                nexti = i + 1
        if nexti < len(sentence):
            out.append((sentence[nexti:], pos_list[nexti][1]))
        return out
