"""The service catalogue as versioned data: the base list plus provincial extensions, loaded per region.

A region is a file in data/ with "region" and "items" (adding one needs no code change). A region may extend another;
an extension item either adds a service (a new id) or "amends" an item of the list it extends: the amended item keeps
the list's id and names the extension, so one delivery is never counted as two services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from projections.catalogue.rules import Predicate, compile_rule, fields_used

DATA = Path(__file__).with_name("data")
# What the migrant-child status reads (projections.migrant.INPUTS; the stage decides who is over the age limit but
# still a target of the items defined by the compulsory-education stage).
MIGRANT_INPUTS = frozenset({"identity.birth_date", "identity.hukou_area", "residence.area_code", "residence.since",
                            "residence.history", "education.stage", "education.status"})


def regions() -> dict[str, Path]:
    """Every region file in data/, by the region it names."""
    found = {}
    for path in sorted(DATA.glob("*.json")):
        raw = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(raw, dict) and "region" in raw and "items" in raw:
            found[raw["region"]] = path
    return found


def platform_areas() -> tuple[str, ...]:
    """The area-code prefixes this platform serves: every region file's "areas"."""
    found: set[str] = set()
    for path in regions().values():
        found |= set(json.loads(path.read_text(encoding="utf-8")).get("areas", []))
    return tuple(sorted(found))


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
    wording: str = ""
    extensions: tuple[str, ...] = ()  # provincial extension items folded into this one (e.g. GZ1 into 7)
    delivered_fields: frozenset[str] = frozenset()
    by_stage: str = ""  # "compulsory": 服务对象 defined by the stage (义务教育阶段), open to migrant_by_stage children
    rule_fields: frozenset[str] = frozenset()  # what the item's own target and delivery rules read (fields: + status)


@dataclass(frozen=True)
class Catalogue:
    """The items that apply in one region, with the versions they came from, and its migrant-child definition."""

    region: str
    version: str
    items: tuple[ServiceItem, ...]
    definition: str = "hebei-2024"
    areas: tuple[str, ...] = ()  # area-code prefixes where the region's list applies
    raw: tuple[tuple[str, Any], ...] = ()  # other region data (e.g. Zhejiang's medical-aid tiers), as loaded

    @property
    def fields(self) -> set[str]:
        """Every field any rule reads, and what the migrant-child status reads."""
        return set(MIGRANT_INPUTS).union(*(i.fields for i in self.items))

    def extra(self, key: str) -> Any:
        return dict(self.raw).get(key)


def _item(raw: dict[str, Any], extensions: tuple[str, ...] = ()) -> ServiceItem:
    return ServiceItem(raw["id"], raw["group"], raw["name"], raw["target_group"], raw["content"],
                       tuple(raw["departments"]), compile_rule(raw["target"]), compile_rule(raw["delivered"]),
                       frozenset(fields_used(raw["target"]) | fields_used(raw["delivered"])) | MIGRANT_INPUTS,
                       raw.get("wording", ""), extensions, frozenset(fields_used(raw["delivered"])),
                       raw.get("target_by_stage", ""),
                       frozenset(fields_used(raw["target"]) | fields_used(raw["delivered"])))


@lru_cache(maxsize=16)
def _raw_items(region: str) -> tuple[str, tuple[tuple[dict[str, Any], tuple[str, ...]], ...], dict[str, Any]]:
    files = regions()
    if region not in files:
        raise ValueError(f"unknown region {region!r} (known: {', '.join(files)})")
    raw = json.loads(files[region].read_text(encoding="utf-8"))
    items: list[tuple[dict[str, Any], tuple[str, ...]]] = []
    version = f"{region}:{raw['version']}"
    meta: dict[str, Any] = {}
    if "extends" in raw:
        parent_version, parent_items, meta = _raw_items(raw["extends"])
        items = list(parent_items)
        version = f"{parent_version}+{version}"
    meta = {**meta, **{k: v for k, v in raw.items() if k not in ("items", "region", "version", "extends", "title")}}
    for item in raw["items"]:
        if "amends" in item:
            at = next((n for n, (i, _) in enumerate(items) if i["id"] == item["amends"]), None)
            if at is None:
                raise ValueError(f"{region}: {item['id']} amends unknown item {item['amends']!r}")
            base, ext = items[at]
            merged = {**base, **{k: v for k, v in item.items() if k not in ("id", "amends")}}
            merged["id"] = base["id"]
            items[at] = (merged, (*ext, item["id"]))
        else:
            items.append((item, ()))
    return version, tuple(items), meta


@lru_cache(maxsize=16)
def load_catalogue(region: str = "base") -> Catalogue:
    """The catalogue of a region: its file, and the files it extends, in order."""
    version, raw_items, meta = _raw_items(region)
    items = tuple(_item(i, ext) for i, ext in raw_items)
    ids = [i.id for i in items]
    if len(ids) != len(set(ids)):
        raise ValueError(f"duplicate service ids in region {region}")
    extras = tuple(sorted((k, v) for k, v in meta.items() if k not in ("definition", "areas")))
    return Catalogue(region, version, items, meta.get("definition", "hebei-2024"), tuple(meta.get("areas", ())),
                     extras)
