"""`python -m services.entrypoints.cli …` (how workers are spawned)."""

from services.entrypoints.cli import main

main()
