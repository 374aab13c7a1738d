"""Word lists of the name and address recognizers, as data files: one word a line (or, for character sets, any
number of characters a line); lines starting with # are comments. Order is kept where a rule depends on it."""

from __future__ import annotations

from functools import cache
from importlib.resources import files


def _lines(name: str) -> list[str]:
    text = files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


@cache
def words(name: str) -> tuple[str, ...]:
    """The words of a list, in file order."""
    return tuple(_lines(name))


@cache
def chars(name: str) -> frozenset[str]:
    """The characters of a character set."""
    return frozenset("".join(_lines(name)))


@cache
def word_set(name: str) -> frozenset[str]:
    """The words of a list as a set, for membership tests in hot loops (a tuple is scanned word by word)."""
    return frozenset(_lines(name))
