"""Purpose-limited access (最小必要): which role may see which fields for which purpose, read from reviewed data."""

from __future__ import annotations

import fnmatch
import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

POLICY_FILE = Path(__file__).with_name("data") / "access_policy.json"


@dataclass(frozen=True)
class Rule:
    """One (role, purpose) grant."""

    id: str
    role: str
    purpose: str
    fields: tuple[str, ...]
    same_area: bool = False
    audit: bool = False  # may query the audit trail
    aggregate: bool = False  # may read published statistics
    # A child is in scope only when this (unsealed) field names the caller: case work under a referral (issue 20).
    assigned_to: str | None = None
    # A child is in scope only when its record holds a field matching one of these patterns: the purposes that act on
    # a harm case see the children that have one, not every child of their area. Each pattern must lie within the
    # rule's own fields (that a sealed field is present is seen without opening it, and tells only the purpose that
    # reads it).
    only_with: tuple[str, ...] = ()
    # The purposes that act on a harm case: while a case is open, a caller whose area covers the area where one of its
    # reports was made may open the child's record too (a child with no known residence, or living elsewhere), the
    # sealed report area read inside the platform only. Requires same_area and only_with.
    case_area: bool = False


@dataclass(frozen=True)
class Derived:
    """A declared derived output: computed by a job's rule from `inputs`, released (the output, never the inputs) to
    the (role, purpose) pairs in `released_to`."""

    id: str
    computed_by: str  # the rule id of the job that computes it under its own purpose
    inputs: tuple[str, ...]
    released_to: tuple[tuple[str, str], ...]
    output: str = ""


@dataclass(frozen=True)
class Decision:
    """The outcome of one access check, with the rule that decided it."""

    allowed: bool
    rule_id: str | None
    reason: str
    allowed_fields: tuple[str, ...] = ()
    denied_fields: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Policy:
    """All grants; anything not granted is denied."""

    version: str
    rules: tuple[Rule, ...]
    derived: tuple[Derived, ...] = ()

    def rule(self, role: str, purpose: str) -> Rule | None:
        """The grant of a role for a purpose, if any."""
        return next((r for r in self.rules if r.role == role and r.purpose == purpose), None)

    def derived_for(self, role: str, purpose: str, computed_by: str) -> dict[str, frozenset[str]]:
        """The derived outputs computed by rule `computed_by` that (role, purpose) may receive: id -> the inputs the
        derivation may consume on the receiver's behalf."""
        return {d.id: frozenset(d.inputs) for d in self.derived
                if d.computed_by == computed_by and (role, purpose) in d.released_to}

    def purposes(self, role: str) -> list[str]:
        """The purposes a role may declare."""
        return [r.purpose for r in self.rules if r.role == role]

    def fields_for(self, rule: Rule, known_fields: list[str]) -> list[str]:
        """The concrete fields a rule's patterns allow."""
        return [f for f in known_fields if any(fnmatch.fnmatchcase(f, p) for p in rule.fields)]

    def decide(self, role: str, purpose: str, requested: list[str], known_fields: list[str],
               caller_area: str | None = None, child_area: str | None = None) -> Decision:
        """May `role`, acting for `purpose`, see `requested` fields of a child in `child_area`?"""
        rule = self.rule(role, purpose)
        if rule is None:
            allowed = ", ".join(self.purposes(role)) or "none"
            return Decision(False, None, f"role {role!r} may not act for purpose {purpose!r} (allowed: {allowed})",
                            denied_fields=tuple(requested))
        if rule.same_area and (not caller_area or not child_area or not str(child_area).startswith(caller_area)):
            return Decision(False, rule.id, f"rule {rule.id}: the child is outside the caller's area",
                            denied_fields=tuple(requested))
        permitted = set(self.fields_for(rule, known_fields))
        granted = tuple(f for f in requested if f in permitted)
        denied = tuple(f for f in requested if f not in permitted)
        if requested and not granted:
            return Decision(False, rule.id, f"rule {rule.id} allows none of the requested fields", (), denied)
        return Decision(True, rule.id, f"rule {rule.id}", granted, denied)


@lru_cache(maxsize=4)
def load_policy(path: str | None = None) -> Policy:
    """Read and check the policy file; a malformed policy fails loudly at start."""
    data: dict[str, Any] = json.loads(Path(path or POLICY_FILE).read_text(encoding="utf-8"))
    rules = tuple(Rule(r["id"], r["role"], r["purpose"], tuple(r["fields"]), r.get("same_area", False),
                       r.get("audit", False), r.get("aggregate", False), r.get("assigned_to"),
                       tuple(r.get("only_with", ())), r.get("case_area", False)) for r in data["rules"])
    for r in rules:  # the assignment must be a field the purpose itself reads, or scope would leak what it excludes
        if r.assigned_to is not None and not any(fnmatch.fnmatchcase(r.assigned_to, p) for p in r.fields):
            raise ValueError(f"rule {r.id}: assigned_to {r.assigned_to!r} is not among its fields")
        for pattern in r.only_with:  # likewise the fields whose presence puts a child in scope
            if not any(fnmatch.fnmatchcase(pattern, p) for p in r.fields):
                raise ValueError(f"rule {r.id}: only_with {pattern!r} is not among its fields")
        if r.case_area and not (r.same_area and r.only_with):
            raise ValueError(f"rule {r.id}: case_area widens an area scope to a case's report area; it needs "
                             "same_area and only_with")
    ids = [r.id for r in rules]
    if len(set(ids)) != len(ids) or len({(r.role, r.purpose) for r in rules}) != len(rules):
        raise ValueError("access policy has duplicate rule ids or duplicate (role, purpose) grants")
    derived = tuple(Derived(d["id"], d["computed_by"], tuple(d["inputs"]),
                            tuple((t["role"], t["purpose"]) for t in d["released_to"]), d.get("output", ""))
                    for d in data.get("derived", []))
    by_id = {r.id: r for r in rules}
    for d in derived:
        job = by_id.get(d.computed_by)
        if not d.id.startswith("derived.") or job is None:
            raise ValueError(f"derived output {d.id!r}: named derived.*, computed by an existing rule")
        uncovered = [i for i in d.inputs if "*" in i or not any(fnmatch.fnmatchcase(i, p) for p in job.fields)]
        if uncovered:  # a derivation consumes only what its job's own purpose opens, each input named
            raise ValueError(f"derived output {d.id!r}: rule {job.id} does not cover {', '.join(uncovered)}")
        if not all(any(r.role == ro and r.purpose == pu for r in rules) for ro, pu in d.released_to):
            raise ValueError(f"derived output {d.id!r} is released to a (role, purpose) with no rule")
    if len({d.id for d in derived}) != len(derived):
        raise ValueError("access policy declares a derived output twice")
    return Policy(data["version"], rules, derived)
