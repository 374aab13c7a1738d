"""Word segmentation with part-of-speech tags from jieba's shipped dictionary (no download), cached per text."""

from __future__ import annotations

import logging
import threading
from functools import lru_cache
from typing import Any

from privacy.redaction.memo import VOCABULARY_MEMOS
from privacy.redaction.words import chars, words

_lock = threading.Lock()
_posseg = None

SURNAMES = chars("surnames")  # privacy/redaction/words/surnames.txt
COMPOUND_SURNAMES = frozenset(words("compound_surnames"))


def _load() -> Any:
    global _posseg
    with _lock:
        if _posseg is None:
            import jieba
            import jieba.posseg as posseg

            from privacy.redaction.viterbi import viterbi

            jieba.setLogLevel(logging.WARNING)
            jieba.initialize()  # loads the dictionary inside the jieba package
            posseg.viterbi = viterbi  # the same decoder, faster (viterbi.py); posseg calls it by this module name
            _posseg = posseg
    return _posseg


_cutter: Any = None


@lru_cache(maxsize=2048)
def tokens(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, pos flag, start offset) for every word of the text: jieba.posseg's words and tags (posseg_cut.py, in C
    where _posseg.c was built)."""
    return (_cutter or _new_cutter()).tokens(text)


def _new_cutter() -> Any:
    global _cutter
    from privacy.redaction.posseg_cut import new_cutter

    cutter = new_cutter(_load())
    with _lock:
        if _cutter is None:
            _cutter = cutter
    return _cutter


def clear_caches(vocabulary: bool = True) -> None:
    """Forget every text segmented and every run decoded: the next text is segmented from scratch (benchmarks call
    this before each pass so that a pass meets its notes as new). With vocabulary, also what the rules worked out per
    word and tag, as in a process that has read no note yet."""
    tokens.cache_clear()
    if _cutter is not None:
        _cutter.clear()
    if vocabulary:
        for memo in VOCABULARY_MEMOS:
            memo.clear()


_FREQ: dict | None = None  # jieba's own dictionaries, referenced once loaded
_TAGS: dict | None = None


def frequency(word: str) -> int:
    """How common a word is in jieba's dictionary (0 when absent): names are rare there, common words are not."""
    return int((_FREQ if _FREQ is not None else _dictionaries()[0]).get(word) or 0)


def word_tag(word: str) -> str:
    """The part-of-speech tag jieba's dictionary gives a word ("" when absent)."""
    return (_TAGS if _TAGS is not None else _dictionaries()[1]).get(word, "")


def _dictionaries() -> tuple[dict, dict]:
    global _FREQ, _TAGS
    posseg = _load()
    import jieba

    _FREQ, _TAGS = jieba.dt.FREQ, posseg.dt.word_tag_tab
    return _FREQ, _TAGS


def has_surname(name: str) -> bool:
    """Whether a candidate starts with a common single or compound surname."""
    return name[:2] in COMPOUND_SURNAMES or name[:1] in SURNAMES
