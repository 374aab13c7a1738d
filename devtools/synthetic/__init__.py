"""Realistic, entirely fake department events for demos, tests and benchmarks."""

from devtools.synthetic.generator import SyntheticChild, events_for, generate_children

__all__ = ["SyntheticChild", "generate_children", "events_for"]
