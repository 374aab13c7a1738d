"""The notes of every labelled redaction set in bench/data: tests hold each speed-up of the redactor (gates, scanners,
compiled code) to the same answers on all of them."""

import json
from functools import cache
from pathlib import Path

BENCH = Path(__file__).resolve().parents[4] / "bench" / "data"


@cache
def corpus_texts(mixed: bool = False) -> tuple[str, ...]:
    """Every note of every set; with mixed, also as many notes spliced from two (the first half of one, the last
    two thirds of another): words meeting at places no template puts them."""
    texts = [json.loads(line)["text"] for path in sorted(BENCH.glob("redaction_*.jsonl"))
             for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if mixed:
        texts += [a[: len(a) // 2] + b[len(b) // 3:] for a, b in zip(texts, reversed(texts), strict=True)]
    return tuple(texts)
