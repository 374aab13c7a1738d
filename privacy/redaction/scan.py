"""finditer() over a long alternation of words, without trying the whole pattern at every character.

Python's re tries each alternative of a pattern such as (?:扎西|卓玛|...){1,3} at every position of the text. A
Scanner first works out, from the parsed pattern, every character a match can start with (through groups,
alternatives, repeats, lookaheads and lookbehinds), jumps to the next such character with a one-class search, and
tries the pattern there only. Matches, their order and the positions where the search resumes are finditer()'s own
(after an empty match the search moves on by one character, as finditer does for a pattern whose matches at a
position are all empty or all not). A pattern whose first character cannot be worked out
(., \\w, a category, a negated class, a back-reference) is scanned with finditer() itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as C  # re's own parser (Python 3.11+)
from re import _parser as P


class _Unknown(Exception):
    pass


def _first(items: list, i: int = 0) -> tuple[set[str], bool]:
    """(characters a match of items[i:] can start with, whether items[i:] can match the empty string)."""
    out: set[str] = set()
    for op, av in items[i:]:
        chars, nullable = _first_of(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_of(op, av) -> tuple[set[str], bool]:  # noqa: ANN001 - re's parse tree
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars: set[str] = set()
        for kind, value in av:
            if kind is C.LITERAL:
                chars.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] <= 0x3000:
                chars.update(map(chr, range(value[0], value[1] + 1)))
            else:
                raise _Unknown  # NEGATE, CATEGORY, a wide range
        return chars, False
    if op is C.SUBPATTERN:
        return _first(list(av[-1]))
    if op is C.BRANCH:
        chars, nullable = set(), False
        for branch in av[1]:
            c, n = _first(list(branch))
            chars |= c
            nullable = nullable or n
        return chars, nullable
    if op in (C.MAX_REPEAT, C.MIN_REPEAT):
        low, _, body = av
        chars, nullable = _first(list(body))
        return chars, nullable or low == 0
    if op is C.ASSERT:
        direction, body = av
        if direction < 0:
            return set(), True  # a lookbehind reads characters before the match, none of it
        chars, nullable = _first(list(body))
        if nullable:
            return set(), True  # a lookahead that can match nothing says nothing of the next character
        return chars, False  # the character here is one of these, whatever the rest of the pattern consumes
    if op is C.ASSERT_NOT:
        return set(), True  # a negative lookahead or lookbehind only removes positions
    raise _Unknown  # ANY, AT, CATEGORY, GROUPREF...


def first_chars(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Every character a non-empty match, or the character at an empty match, can start with; None when unknown."""
    if pattern.flags & re.IGNORECASE:
        return None
    try:
        chars, nullable = _first(list(P.parse(pattern.pattern, pattern.flags)))
    except _Unknown:
        return None
    return None if nullable else frozenset(chars)


class Scanner:
    """pattern.finditer(text), visiting only the positions where a match can start."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        chars = first_chars(pattern)
        self.starts = None if chars is None else re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        if self.starts is None:
            yield from self.pattern.finditer(text)
            return
        search, match, pos = self.starts.search, self.pattern.match, 0
        while True:
            at = search(text, pos)
            if at is None:
                return
            start = at.start()
            m = match(text, start)
            if m is None:
                pos = start + 1
                continue
            yield m
            pos = m.end() if m.end() > start else start + 1


def trie_pattern(words: list[str] | tuple[str, ...] | frozenset[str]) -> str:
    """An alternation of words as a trie (扎西|扎西卓玛|卓玛 -> (?:扎西(?:卓玛)?|卓玛)): the same strings, and at any
    position the same match as the alternation sorted longest first (branches differ in their first character and
    each optional tail is greedy), without trying every word where one starts."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        branches = [re.escape(ch) + build(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)
