"""Folders are the architecture: imports point one way, and only services/ touches I/O libraries."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = {"events", "projections", "privacy", "services"}
ALLOWED = {"events": set(), "projections": {"events"}, "privacy": {"events"}, "services": OURS}
IO_LIBRARIES = {"kafka", "faust", "aiokafka", "sqlalchemy", "alembic", "fastapi", "uvicorn", "psycopg", "starlette",
                "sqlite3"}


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


MODULES = [(layer, p) for layer in ALLOWED for p in sorted((ROOT / layer).rglob("*.py"))
           if "migrations" not in p.parts]


@pytest.mark.parametrize("layer, path", MODULES, ids=[str(p.relative_to(ROOT)) for _, p in MODULES])
def test_imports_point_one_way(layer, path):
    used = imports(path)
    assert (used & OURS) - ALLOWED[layer] - {layer} == set()
    if layer != "services":
        assert used & IO_LIBRARIES == set(), "only services/ may import Kafka, faust, SQL or web libraries"
