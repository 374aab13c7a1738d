"""Compare the redactor's spans on every labelled set before and after a rule change.

    .venv/bin/python bench/redaction_diff.py dump before.json      # every note of every set in bench/data: spans, rules
    ... change a rule ...
    .venv/bin/python bench/redaction_diff.py dump after.json
    .venv/bin/python bench/redaction_diff.py diff before.json after.json [--show SET ...]

The diff counts, per set and by the gold labels, the spans a change fixed (a gold span now found exactly that was not
before, a spurious span gone) and broke (a gold span found before and not now, a new spurious span). It prints the
changed spans' text only for the sets named with --show (leave the evaluation sets out: their errors are not read).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

DATA = Path(__file__).with_name("data")


def dump(out: Path) -> None:
    from privacy.redaction import Redactor

    redactor = Redactor()
    result = {}
    for path in sorted(DATA.glob("*.jsonl")):
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        result[path.stem] = [[list(s) for s in redactor.explain(r["text"])] for r in rows]
    out.write_text(json.dumps(result, ensure_ascii=False))


def diff(before_path: Path, after_path: Path, show: set[str]) -> None:
    before, after = json.loads(before_path.read_text()), json.loads(after_path.read_text())
    for name in sorted(after):
        rows = [json.loads(line) for line in (DATA / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        fixed = broken = changed_notes = 0
        lines = []
        for i, row in enumerate(rows):
            old = {tuple(s[:3]) for s in before.get(name, [[]] * len(rows))[i]}
            new = {tuple(s[:3]) for s in after[name][i]}
            if old == new:
                continue
            changed_notes += 1
            gold = {(e["type"], e["start"], e["end"]) for e in row["entities"]}
            for span in old - new:
                good = span in gold
                broken += good
                fixed += not good
                lines.append(f"  {'BROKEN' if good else 'fixed '} lost {span[0]} {row['text'][span[1]:span[2]]!r}")
            for span in new - old:
                good = span in gold
                fixed += good
                broken += not good
                lines.append(f"  {'fixed ' if good else 'BROKEN'} new  {span[0]} {row['text'][span[1]:span[2]]!r}"
                             + ("" if good else f" in {row['text']!r}"))
        print(f"{name:<32} notes changed {changed_notes:>3}  spans fixed {fixed:>3}  broken {broken:>3}")
        if name in show:
            print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    c = sub.add_parser("diff")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--show", nargs="*", default=[])
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.out)
    else:
        diff(args.before, args.after, set(args.show))


if __name__ == "__main__":
    main()
