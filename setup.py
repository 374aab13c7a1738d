"""The redactor's word segmentation in C (privacy/redaction/_posseg.c): optional. Where it cannot be built (no
compiler) the install goes on and privacy/redaction/posseg_cut.py's pure-Python Cutter is used instead."""

from setuptools import Extension, setup

setup(ext_modules=[Extension("privacy.redaction._posseg", ["privacy/redaction/_posseg.c"], optional=True)])
