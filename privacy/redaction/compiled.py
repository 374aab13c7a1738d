"""Which rule modules run compiled (setup.py builds them with Cython from their own .py files), and a guard: a module
whose .py changed since its build is imported from the .py, so an edited rule is never shadowed by a stale build
(Python would otherwise prefer the extension module next to it)."""

from __future__ import annotations

import hashlib
import json
import os
import sys
from importlib.machinery import EXTENSION_SUFFIXES, ModuleSpec
from importlib.util import spec_from_file_location
from pathlib import Path

HERE = Path(__file__).parent
MANIFEST = HERE / "compiled_sources.json"  # module -> sha256 of the .py it was built from (written by setup.py)


def _built() -> dict[str, Path]:
    """Every module of this package with a compiled build beside its .py: module name -> the .py."""
    out = {}
    for suffix in EXTENSION_SUFFIXES:
        for ext in HERE.rglob(f"*{suffix}"):
            source = ext.with_name(ext.name[: -len(suffix)] + ".py")
            if source.exists():
                module = ".".join(("privacy", "redaction", *source.relative_to(HERE).with_suffix("").parts))
                out[module] = source
    return out


def _stale(built: dict[str, Path]) -> dict[str, Path]:
    try:
        manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        manifest = {}
    return {module: source for module, source in built.items()
            if manifest.get(module) != hashlib.sha256(source.read_bytes()).hexdigest()}


class _SourceFirst:
    """A meta-path finder that answers for the stale modules only, with their .py."""

    def __init__(self, modules: dict[str, Path]) -> None:
        self.modules = modules

    def find_spec(self, fullname: str, path: object = None, target: object = None) -> ModuleSpec | None:
        source = self.modules.get(fullname)
        return spec_from_file_location(fullname, source) if source is not None else None


def _asked_pure(built: dict[str, Path]) -> dict[str, Path]:
    """CHILDCARE_REDACTION_PYTHON=all, or a comma-separated list of module names (cn_person,scan; _posseg for the C
    segmenter): run those as Python although built (to compare the two in a benchmark)."""
    asked = {name.strip() for name in os.environ.get("CHILDCARE_REDACTION_PYTHON", "").split(",") if name.strip()}
    if asked & {"all", "_posseg"}:
        sys.modules.setdefault("privacy.redaction._posseg", None)  # posseg_cut.new_cutter() falls back to Python
    return {module: source for module, source in built.items()
            if "all" in asked or module.rsplit(".", 1)[1] in asked}


BUILT = _built()
STALE = _stale(BUILT)
SOURCE_FIRST = {**_asked_pure(BUILT), **STALE}
if SOURCE_FIRST and not any(isinstance(f, _SourceFirst) for f in sys.meta_path):
    sys.meta_path.insert(0, _SourceFirst(SOURCE_FIRST))


def compiled_modules() -> list[str]:
    """The rule modules running compiled in this process (for benchmarks: a figure says what it measured)."""
    return sorted(name for name, module in sys.modules.items()
                  if name.startswith("privacy.redaction.") and module is not None
                  and str(getattr(module, "__file__", "")).endswith(tuple(EXTENSION_SUFFIXES)))
