"""What the rules work out per word and tag (not per text), kept once per process: a bounded dict that
segment.clear_caches() empties, and the rules of a table whose gates a word and tag open."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

VOCABULARY_MEMOS: list[dict] = []  # every memo below: clear_caches() empties them for a cold benchmark pass


class VocabularyMemo(dict):
    """A dict that forgets everything when it reaches its limit (a few MB at most), registered for clear_caches()."""

    def __init__(self, limit: int = 20_000) -> None:
        super().__init__()
        self.limit = limit
        VOCABULARY_MEMOS.append(self)

    def put(self, key: Any, value: Any) -> Any:
        if len(self) >= self.limit:
            self.clear()
        self[key] = value
        return value


def open_rules(rules: Iterable[Callable], gates: dict[Callable, Callable[[str, str], bool]], word: str,
               flag: str) -> tuple:
    """The rules, in order, whose gate this word and tag open (a rule with no gate always)."""
    return tuple(r for r in rules if r not in gates or gates[r](word, flag))
