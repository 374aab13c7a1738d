"""Values that refuse to leak: personal data prints as a mask in logs, tracebacks and test diffs."""

from __future__ import annotations

from typing import Any, Generic, NoReturn, TypeVar

T = TypeVar("T")


class Personal(Generic[T]):
    """A personal value. `repr`/`str`/`format` show a mask; only the cipher and the API serialiser call reveal()."""

    __slots__ = ("_value", "_label")

    def __init__(self, value: T, label: str = "personal") -> None:
        self._value = value
        self._label = label

    def reveal(self) -> T:
        """The plain value; every caller is an audited access path."""
        return self._value

    def __repr__(self) -> str:
        return f"<personal:{self._label}>"

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Personal) and self._value == other._value

    def __hash__(self) -> int:
        return hash(("personal", repr(self._value)))

    def __reduce__(self) -> NoReturn:
        raise TypeError("personal values are not pickled; seal them with the field cipher")

    def __getstate__(self) -> NoReturn:
        raise TypeError("personal values are not pickled; seal them with the field cipher")


def reveal_all(value: Any) -> Any:
    """Unwrap Personal values inside dicts and lists (for the API serialiser)."""
    if isinstance(value, Personal):
        return value.reveal()
    if isinstance(value, dict):
        return {k: reveal_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal_all(v) for v in value]
    return value
