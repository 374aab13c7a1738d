"""A small rule language over a child's fields, as data: target groups, delivery evidence and risk rules.

Each rule is a one-key JSON object; `compile_rule` checks operators and field names when the data is loaded, so a
typo in a catalogue fails at start, not silently at match time. Results are three-valued: True, False, or None
("unknown": the data does not say, e.g. housing difficulty has no source department yet).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from projections.fields import FIELDS
from projections.values import day as _date

Fields = Mapping[str, Any]
Predicate = Callable[[Fields, date], bool | None]


class RuleError(ValueError):
    """A rule that cannot be compiled (unknown operator or field, wrong arguments)."""


def age_on(birth: date, as_of: date) -> int:
    """Completed years. A child turns N on their birthday; one born on 29 February turns N on 1 March in
    non-leap years (the day after 28 February), which is what comparing (month, day) tuples gives."""
    return as_of.year - birth.year - ((as_of.month, as_of.day) < (birth.month, birth.day))


def add_months(day: date, months: int) -> date:
    """Same day n months later, clamped to the month's end (30 Nov + 3 months = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    last = [31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    return date(year, month, min(day.day, last))




def _field(name: Any) -> str:
    if not isinstance(name, str) or name not in FIELDS:
        raise RuleError(f"unknown field {name!r}")
    return name


def _all(args: Any) -> Predicate:
    parts = [compile_rule(a) for a in args]

    def check(f: Fields, d: date) -> bool | None:
        values = [p(f, d) for p in parts]
        return False if False in values else None if None in values else True
    return check


def _any(args: Any) -> Predicate:
    parts = [compile_rule(a) for a in args]

    def check(f: Fields, d: date) -> bool | None:
        values = [p(f, d) for p in parts]
        return True if True in values else None if None in values else False
    return check


def _not(arg: Any) -> Predicate:
    part = compile_rule(arg)

    def check(f: Fields, d: date) -> bool | None:
        value = part(f, d)
        return None if value is None else not value
    return check


def _age_between(args: Any) -> Predicate:
    low, high = args
    if not (isinstance(low, int) and isinstance(high, int) and low <= high):
        raise RuleError(f"age_between needs [low, high], got {args!r}")

    def check(f: Fields, d: date) -> bool | None:
        born = _date(f.get("identity.birth_date"))
        return None if born is None else low <= age_on(born, d) <= high
    return check


def _within_months(args: Any) -> Predicate:
    name, months = _field(args[0]), int(args[1])

    def check(f: Fields, d: date) -> bool:
        on = _date(f.get(name))
        return on is not None and on <= d < add_months(on, months)
    return check


def _present(value: Any) -> bool:
    # `in (None, False, ...)` would also drop 0, which equals False.
    return value is not None and value is not False and value != "" and value != []


def _valid_on(arg: Any) -> Predicate:
    name = _field(arg)

    def check(f: Fields, d: date) -> bool:
        until = _date(f.get(name))
        return until is not None and d <= until
    return check


def _same_prefix(args: Any) -> Predicate:
    a, b, n = _field(args[0]), _field(args[1]), int(args[2])
    return lambda f, d: bool(f.get(a)) and bool(f.get(b)) and str(f[a])[:n] == str(f[b])[:n]


def _on_or_after(args: Any) -> Predicate:
    # [a, b]: the day in a is on or after the day in b (False when either is missing: nothing happened after b).
    a, b = _field(args[0]), _field(args[1])

    def check(f: Fields, d: date) -> bool:
        first, second = _date(f.get(a)), _date(f.get(b))
        return first is not None and second is not None and first >= second
    return check


def _field_true(arg: Any) -> Predicate:
    name = _field(arg)
    return lambda f, d: f.get(name) is True


def _field_present(arg: Any) -> Predicate:
    # False is a value that says "no" (an ended 低保), not evidence that something is there.
    name = _field(arg)
    return lambda f, d: _present(f.get(name))


def _field_absent(arg: Any) -> Predicate:
    name = _field(arg)
    return lambda f, d: f.get(name) is None


def _field_equals(args: Any) -> Predicate:
    name, value = _field(args[0]), args[1]
    return lambda f, d: f.get(name) == value


def _field_in(args: Any) -> Predicate:
    name, values = _field(args[0]), tuple(args[1])
    return lambda f, d: _hashable(f.get(name)) in values


def _list_contains(args: Any) -> Predicate:
    # a value that is not a list (a damaged or hand-corrected one) contains nothing
    name, value = _field(args[0]), args[1]

    def check(f: Fields, d: date) -> bool:
        items = f.get(name)
        return isinstance(items, list) and value in items
    return check


OPERATORS: dict[str, Callable[[Any], Predicate]] = {
    "all": _all,
    "any": _any,
    "not": _not,
    "always": lambda _: (lambda f, d: True),
    "unknown": lambda _: (lambda f, d: None),
    "age_between": _age_between,
    "within_months": _within_months,
    "same_prefix": _same_prefix,
    "on_or_after": _on_or_after,
    "field_true": _field_true,
    "field_present": _field_present,
    "field_absent": _field_absent,
    "valid_on": _valid_on,
    "field_equals": _field_equals,
    "field_in": _field_in,
    "list_contains": _list_contains,
}


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | None) else repr(value)


def compile_rule(rule: Any) -> Predicate:
    """A predicate from its JSON form; RuleError for anything unknown."""
    if not isinstance(rule, dict) or len(rule) != 1:
        raise RuleError(f"a rule is an object with one operator, got {rule!r}")
    (op, args), = rule.items()
    if op not in OPERATORS:
        raise RuleError(f"unknown operator {op!r}")
    return OPERATORS[op](args)


def fields_used(rule: Any) -> set[str]:
    """Every field name a rule reads (for the decryption the caller must do, and for tests)."""
    out: set[str] = set()
    if isinstance(rule, dict):
        for op, args in rule.items():
            if op == "age_between":
                out.add("identity.birth_date")
            out |= fields_used(args)
    elif isinstance(rule, list):
        for a in rule:
            out |= fields_used(a)
    elif isinstance(rule, str) and rule in FIELDS:
        out.add(rule)
    return out
