"""Folders are the architecture: imports point one way, and only services/ (and devtools/) touch I/O libraries.

Top level: events <- projections, privacy <- services <- devtools. Inside services/: adapters know no use case,
the processor only adapters, use cases adapters and the processor, the SDKs adapters and use cases; entry points and
the composition root (bootstrap) may use everything. Developer tooling (devtools/: demo, synthetic data, local broker
and PostgreSQL) is not shipped in the wheel, so nothing in services/ imports it at module level."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"events", "projections", "privacy", "services", "devtools"}
ALLOWED = {"events": set(), "projections": {"events"}, "privacy": {"events"},
           "services": {"events", "projections", "privacy", "services"}, "devtools": OURS}
IO_LIBRARIES = {"kafka", "faust", "aiokafka", "sqlalchemy", "alembic", "fastapi", "uvicorn", "psycopg", "starlette",
                "sqlite3"}
# Layers inside services/ and what each may import from services/ besides itself.
SERVICE_LAYERS = {
    "settings": set(),
    "adapters": {"settings"},
    "processor": {"adapters", "settings"},
    "usecases": {"adapters", "processor", "settings"},
    "sdk": {"adapters", "usecases", "settings"},
    "entrypoints": {"adapters", "processor", "usecases", "sdk", "settings", "bootstrap"},
    "bootstrap": {"adapters", "processor", "usecases", "sdk", "settings", "entrypoints"},
}


def imports(path: Path, top_level_only: bool = False) -> set[str]:
    """Dotted modules imported (absolute imports; with top_level_only, those at module level only)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{a.name}" for a in node.names)
    return names


def tops(names: set[str]) -> set[str]:
    return {n.split(".")[0] for n in names}


def service_layer(dotted_or_parts: str | tuple[str, ...]) -> str | None:
    parts = tuple(dotted_or_parts.split(".")) if isinstance(dotted_or_parts, str) else dotted_or_parts
    if len(parts) < 2 or parts[0] != "services":
        return None
    return parts[1].removesuffix(".py")


MODULES = [(layer, p) for layer in ALLOWED for p in sorted((ROOT / layer).rglob("*.py"))
           if "migrations" not in p.parts]


@pytest.mark.parametrize("layer, path", MODULES, ids=[str(p.relative_to(ROOT)) for _, p in MODULES])
def test_imports_point_one_way(layer, path):
    used = imports(path)
    assert (tops(used) & OURS) - ALLOWED[layer] - {layer} == set()
    if layer not in ("services", "devtools"):
        assert tops(used) & IO_LIBRARIES == set(), ("only services/ may import Kafka, faust, SQL, SQLite "
                                                    "or web libraries")


SERVICE_MODULES = [p for p in sorted((ROOT / "services").rglob("*.py"))
                   if "migrations" not in p.parts and p.parent != ROOT / "services" or p.stem in SERVICE_LAYERS]


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=[str(p.relative_to(ROOT)) for p in SERVICE_MODULES])
def test_service_layers_point_one_way(path):
    own = service_layer(path.relative_to(ROOT).parts)
    assert own in SERVICE_LAYERS, f"{path}: a module of services/ belongs to one of {sorted(SERVICE_LAYERS)}"
    used = {service_layer(n) for n in imports(path)} - {None, own}
    assert used <= SERVICE_LAYERS[own], f"{own} may not import services.{sorted(used - SERVICE_LAYERS[own])}"


@pytest.mark.parametrize("path", SERVICE_MODULES, ids=[str(p.relative_to(ROOT)) for p in SERVICE_MODULES])
def test_production_code_never_needs_devtools_to_import(path):
    assert "devtools" not in tops(imports(path, top_level_only=True))


def test_the_wheel_leaves_devtools_out():
    import tomllib

    find = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"]
    assert not any(pattern.startswith("devtools") for pattern in find["include"])
