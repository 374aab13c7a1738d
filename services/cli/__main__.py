"""`python -m services.cli …` (how workers are spawned)."""

from services.cli import main

main()
