"""Realistic, entirely fake department events for demos, tests and benchmarks."""

from devtools.synthetic.generator import SyntheticChild, generate_children, events_for

__all__ = ["SyntheticChild", "generate_children", "events_for"]
