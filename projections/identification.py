"""精准识别: children who meet the ledger's criteria but are not in the ledger, proposed to the area's director with
the reasons the director's purpose may see. Pure; a proposal is a task, never an entry (民政 enters the child).

Zhejiang: "助力困境儿童精准识别". Hebei plan 一(二): "對監測摸排發現存在家庭生活困難、自身殘疾、監護缺失、流浪、
心理和行為異常的以及主動提出救助幫扶需求的流動兒童…建立重點關愛服務對象信息臺賬".
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from typing import Any

Fields = Mapping[str, Any]


def _listed(name: str) -> Callable[[Fields], list[str]]:
    def values(f: Fields) -> list[str]:
        value = f.get(name)
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
    return values


def _flag(flag: str, holds: Callable[[Fields], bool]) -> Callable[[Fields], list[str]]:
    return lambda f: [flag] if holds(f) else []


# Each source of a reason: the fields it reads (all must be within the receiver's purpose) and the reasons it gives.
SOURCES: tuple[tuple[frozenset[str], Callable[[Fields], list[str]]], ...] = (
    (frozenset({"assistance.dibao", "assistance.tekun"}),
     _flag("family_hardship", lambda f: f.get("assistance.dibao") is True or f.get("assistance.tekun") is True)),
    (frozenset({"disability.category"}), _flag("disability", lambda f: bool(f.get("disability.category")))),
    (frozenset({"guardianship.status", "orphan.status"}),
     _flag("lack_of_guardianship", lambda f: f.get("guardianship.status") == "lacking"
           or f.get("orphan.status") in ("orphan", "de_facto_unsupported"))),
    (frozenset({"ledger.categories"}), _listed("ledger.categories")),
    # What 民政's and the village committee's surveys found (摸排发现), each department's own record.
    (frozenset({"monitoring.survey_categories"}),
     lambda f: [f"survey:{c}" for c in _listed("monitoring.survey_categories")(f)]),
    (frozenset({"village_survey.categories"}),
     lambda f: [f"survey:{c}" for c in _listed("village_survey.categories")(f)]),
)
INPUTS = frozenset().union(*(inputs for inputs, _ in SOURCES)) | {"ledger.in_ledger"}


def visible_inputs(visible: Collection[str]) -> frozenset[str]:
    """The fields a proposal for a receiver that may see `visible` reads: the sources it may see, and the ledger."""
    return frozenset().union(*(i for i, _ in SOURCES if i <= set(visible))) | ({"ledger.in_ledger"} & set(visible))


def proposal_reasons(fields: Fields, visible: Collection[str]) -> list[str]:
    """Why a child not in the ledger should be proposed for it, from the sources the receiver may see only (empty:
    no proposal). A child in the ledger is never proposed."""
    if "ledger.in_ledger" not in visible or fields.get("ledger.in_ledger") is True:
        return []
    reasons: set[str] = set()
    for inputs, gives in SOURCES:
        if inputs <= set(visible):
            reasons |= set(gives(fields))
    return sorted(reasons)
