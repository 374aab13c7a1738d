"""Compatibility rules for contracts: adding optional fields is fine; removing, retyping or requiring is not."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from events.registry import all_contracts

SNAPSHOT = Path(__file__).with_name("schemas.json")


def current_schemas() -> dict[str, Any]:
    """JSON Schema of every registered contract, keyed "<event type>@<version>"."""
    return {f"{t}@{v}": cls.model_json_schema() for (t, v), cls in sorted(all_contracts().items())}


def problems(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Every incompatible change from the old schemas to the new ones (empty when compatible)."""
    found = []
    for key, old_schema in old.items():
        if key not in new:
            found.append(f"{key}: contract removed (publish a new version instead)")
            continue
        old_props, new_props = old_schema.get("properties", {}), new[key].get("properties", {})
        for name, spec in old_props.items():
            if name not in new_props:
                found.append(f"{key}: field {name!r} removed")
            elif _shape(spec, old_schema) != _shape(new_props[name], new[key]):
                found.append(f"{key}: field {name!r} changed type")
        newly_required = set(new[key].get("required", [])) - set(old_schema.get("required", []))
        for name in sorted(newly_required):
            found.append(f"{key}: field {name!r} is required now (new fields must be optional)")
    return found


def _shape(spec: Any, schema: dict[str, Any]) -> Any:
    # Compare types, not titles or descriptions; resolve $refs so an enum moved to $defs compares by content.
    if isinstance(spec, dict):
        if "$ref" in spec:
            return _shape(schema.get("$defs", {}).get(spec["$ref"].rsplit("/", 1)[-1], {}), schema)
        return {k: _shape(v, schema) for k, v in spec.items() if k not in ("title", "description", "default")}
    if isinstance(spec, list):
        return [_shape(v, schema) for v in spec]
    return spec


def load_snapshot() -> dict[str, Any]:
    """The committed schemas of every released contract."""
    snapshot: dict[str, Any] = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    return snapshot


def write_snapshot() -> None:
    """Record the current contracts as released (run after a compatible change)."""
    SNAPSHOT.write_text(json.dumps(current_schemas(), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
