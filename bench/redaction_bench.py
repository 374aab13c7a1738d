"""Redaction quality and speed on the labelled corpus: per-entity precision/recall/F1 (exact and overlapping spans)
and texts/s. Prints figures and writes bench/results/redaction.json (<corpus name>.json for another corpus).

    .venv/bin/python bench/redaction_bench.py [--corpus bench/data/redaction_heldout.jsonl] [--errors]

The default corpus (bench/make_redaction_corpus.py) was used to tune the recognizers; bench/data/redaction_heldout.jsonl
(hand-written, bench/make_redaction_heldout.py) was not. --errors lists every missed and spurious span (exact match).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy.redaction import ENTITIES, Redactor  # noqa: E402

HERE = Path(__file__).parent
DEFAULT_CORPUS = HERE / "data" / "redaction_corpus.jsonl"


def score(gold: list[tuple[str, int, int]], found: list[tuple[str, int, int]], exact: bool) -> tuple[Counter, Counter,
                                                                                                      Counter]:
    def match(a: tuple[str, int, int], b: tuple[str, int, int]) -> bool:
        if a[0] != b[0]:
            return False
        return (a[1], a[2]) == (b[1], b[2]) if exact else a[1] < b[2] and b[1] < a[2]

    tp, fp, fn = Counter(), Counter(), Counter()
    for g in gold:
        (tp if any(match(g, f) for f in found) else fn)[g[0]] += 1
    for f in found:
        if not any(match(g, f) for g in gold):
            fp[f[0]] += 1
    return tp, fp, fn


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def print_errors(rows: list[dict], found: list[list[tuple[str, int, int]]]) -> None:
    """Every gold span not found exactly (missed) and every found span not in the gold (spurious), with its text."""
    for r, f in zip(rows, found):
        gold = {(e["type"], e["start"], e["end"]) for e in r["entities"]}
        got = set(f)
        text = r["text"]
        for kind, spans in (("missed", gold - got), ("spurious", got - gold)):
            for entity, start, end in sorted(spans, key=lambda s: s[1]):
                print(f"{kind:<9}{entity:<13}{text[start:end]!r:<28} in {text!r}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="a JSONL corpus (text, entities)")
    parser.add_argument("--errors", action="store_true", help="list missed and spurious spans")
    args = parser.parse_args()
    rows = [json.loads(line) for line in args.corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
    redactor = Redactor()
    redactor.redact("预热：张三的电话13800138000。")  # builds the analyzer and loads jieba's dictionary
    started = time.perf_counter()
    found = [redactor.analyze(r["text"]) for r in rows]
    elapsed = time.perf_counter() - started
    results: dict = {"sentences": len(rows), "texts_per_s": round(len(rows) / elapsed, 1)}
    for mode in ("exact", "overlap"):
        tp, fp, fn = Counter(), Counter(), Counter()
        for r, f in zip(rows, found):
            gold = [(e["type"], e["start"], e["end"]) for e in r["entities"]]
            a, b, c = score(gold, f, exact=(mode == "exact"))
            tp, fp, fn = tp + a, fp + b, fn + c
        per = {}
        for entity in ENTITIES:
            p, rec, f1 = prf(tp[entity], fp[entity], fn[entity])
            per[entity] = {"precision": round(p, 3), "recall": round(rec, 3), "f1": round(f1, 3),
                           "support": tp[entity] + fn[entity]}
        p, rec, f1 = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
        results[mode] = {"overall": {"precision": round(p, 3), "recall": round(rec, 3), "f1": round(f1, 3)},
                         "entities": per}
        print(f"--- {mode} span match ---")
        for entity, v in per.items():
            print(f"{entity:<14} precision {v['precision']:.3f}  recall {v['recall']:.3f}  f1 {v['f1']:.3f}  "
                  f"(n={v['support']})")
        print(f"{'overall':<14} precision {p:.3f}  recall {rec:.3f}  f1 {f1:.3f}")
    print(f"throughput     {results['texts_per_s']} texts/s ({len(rows)} sentences, one core)")
    if args.errors:
        print_errors(rows, found)
    stem = args.corpus.stem
    name = "redaction" if args.corpus.resolve() == DEFAULT_CORPUS.resolve() else (
        stem if stem.startswith("redaction") else f"redaction_{stem}")
    out = HERE / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1, ensure_ascii=False))
    print(f"written        {out}")


if __name__ == "__main__":
    main()
