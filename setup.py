"""Compiled parts of the redactor, all optional: where they cannot be built (no compiler, no Cython) the install goes
on and the same code runs as Python.

- privacy/redaction/_posseg.c: jieba.posseg's cut in C (posseg_cut.py's Cutter is the fallback).
- The rule modules below, compiled by Cython from their own .py files, unchanged. The hash of each source is written to
  privacy/redaction/compiled_sources.json; privacy/redaction/compiled.py imports a module's .py instead of its compiled
  build when the two differ, so an edited rule is never shadowed by a stale build.
"""

import hashlib
import json
from pathlib import Path

from setuptools import Extension, setup

COMPILED = ["privacy/redaction/recognizers/cn_person.py", "privacy/redaction/recognizers/cn_address.py",
            "privacy/redaction/recognizers/gate.py", "privacy/redaction/minority_names.py",
            "privacy/redaction/redactor.py", "privacy/redaction/scan.py",
            "privacy/redaction/recognizers/medical.py", "privacy/redaction/recognizers/school_class.py",
            "privacy/redaction/memo.py", "privacy/redaction/segment.py"]

extensions = [Extension("privacy.redaction._posseg", ["privacy/redaction/_posseg.c"], optional=True)]
try:
    from Cython.Build import cythonize
except ImportError:  # built without Cython: the rule modules stay Python
    cythonize = None
if cythonize is not None:
    here = Path(__file__).parent
    modules = [Extension(path[:-3].replace("/", "."), [path], optional=True) for path in COMPILED]
    extensions += cythonize(modules, compiler_directives={"language_level": 3, "binding": False}, quiet=True)
    manifest = {path[:-3].replace("/", "."): hashlib.sha256((here / path).read_bytes()).hexdigest()
                for path in COMPILED}
    (here / "privacy/redaction/compiled_sources.json").write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")

setup(ext_modules=extensions, options={"build_ext": {"parallel": 2}})  # the modules compile side by side
