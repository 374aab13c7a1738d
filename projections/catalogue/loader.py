"""The service catalogue as versioned data: the base list plus provincial extensions, loaded per region."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.catalogue.rules import Predicate, compile_rule, fields_used

DATA = Path(__file__).with_name("data")
REGIONS = {"base": "service-list.json", "guizhou": "guizhou.json"}


@dataclass(frozen=True)
class ServiceItem:
    """One service of the list: who it is for, how delivery shows in the data, who is responsible."""

    id: str
    group: str
    name: str
    target_group: str
    content: str
    departments: tuple[str, ...]
    target: Predicate
    delivered: Predicate
    fields: frozenset[str]


@dataclass(frozen=True)
class Catalogue:
    """The items that apply in one region, with the versions they came from."""

    region: str
    version: str
    items: tuple[ServiceItem, ...]

    @property
    def fields(self) -> set[str]:
        """Every field any rule reads."""
        return set().union(*(i.fields for i in self.items))


def _item(raw: dict[str, Any]) -> ServiceItem:
    return ServiceItem(raw["id"], raw["group"], raw["name"], raw["target_group"], raw["content"],
                       tuple(raw["departments"]), compile_rule(raw["target"]), compile_rule(raw["delivered"]),
                       frozenset(fields_used(raw["target"]) | fields_used(raw["delivered"])))


@lru_cache(maxsize=8)
def load_catalogue(region: str = "base") -> Catalogue:
    """The catalogue of a region: its file, and the files it extends, in order."""
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r} (known: {', '.join(REGIONS)})")
    raw = json.loads((DATA / REGIONS[region]).read_text(encoding="utf-8"))
    items: list[ServiceItem] = []
    versions = [f"{region}:{raw['version']}"]
    if "extends" in raw:
        parent = load_catalogue(raw["extends"])
        items.extend(parent.items)
        versions.insert(0, parent.version)
    items.extend(_item(i) for i in raw["items"])
    ids = [i.id for i in items]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate service ids in region {region}")
    return Catalogue(region, "+".join(versions), tuple(items))
