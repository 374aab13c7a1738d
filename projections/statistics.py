"""Statistics safe to publish: counts with small-cell suppression that cannot be undone by subtraction."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

TOTAL = "total"


@dataclass
class Table:
    """A 2-D count table with row, column and grand totals."""

    rows: list[str]
    cols: list[str]
    cells: dict[tuple[str, str], int]

    def row_total(self, r: str) -> int:
        return sum(self.cells.get((r, c), 0) for c in self.cols)

    def col_total(self, c: str) -> int:
        return sum(self.cells.get((r, c), 0) for r in self.rows)

    @property
    def grand_total(self) -> int:
        return sum(self.cells.values())


@dataclass
class PublishedTable:
    """What may be published: cells and margins, None where suppressed."""

    rows: list[str]
    cols: list[str]
    cells: dict[tuple[str, str], int | None]
    row_totals: dict[str, int | None]
    col_totals: dict[str, int | None]
    grand_total: int | None
    threshold: int
    suppressed: set[tuple[str, str]] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        """Rows of {row, col, count} with margins; suppressed values are null."""
        return {"threshold": self.threshold, "rows": self.rows, "cols": self.cols,
                "cells": [{"row": r, "col": c, "count": self.cells[(r, c)]} for r in self.rows for c in self.cols],
                "row_totals": self.row_totals, "col_totals": self.col_totals, "grand_total": self.grand_total}


def count_table(records: Iterable[Mapping[str, Any]], row_dim: str, col_dim: str) -> Table:
    """Count records by two dimensions (values of the given keys)."""
    counts: Counter[tuple[str, str]] = Counter((str(r.get(row_dim)), str(r.get(col_dim))) for r in records)
    rows = sorted({r for r, _ in counts})
    cols = sorted({c for _, c in counts})
    return Table(rows, cols, dict(counts))


def suppress(table: Table, threshold: int = 5, hide: Iterable[tuple[str, str]] = ()) -> PublishedTable:
    """Hide cells with 0 < count < threshold (zeros are shown: a known zero reveals nobody), and any cells in `hide`
    (hidden in a related table), then hide the smallest other cells until every row and column has either no hidden
    cell or at least two, so that no hidden cell can be recovered from the published totals by subtraction."""
    value = {(r, c): table.cells.get((r, c), 0) for r in table.rows for c in table.cols}
    hidden = {k for k, v in value.items() if 0 < v < threshold} | (set(hide) & set(value))
    changed = True
    while changed:
        changed = False
        for line in [[(r, c) for c in table.cols] for r in table.rows] + [[(r, c) for r in table.rows]
                                                                        for c in table.cols]:
            if sum(k in hidden for k in line) == 1:
                # Complement with the smallest non-zero visible cell (a zero is known to be zero: no protection).
                candidates = sorted((value[k], k) for k in line if k not in hidden and value[k] > 0)
                if not candidates:
                    candidates = sorted((value[k], k) for k in line if k not in hidden)
                if candidates:
                    hidden.add(candidates[0][1])
                    changed = True
    def small(total: int) -> bool:  # a margin is a count too: under the threshold it names few people
        return 0 < total < threshold

    row_hidden = {r for r in table.rows if sum((r, c) in hidden for c in table.cols) == 1 or small(table.row_total(r))}
    col_hidden = {c for c in table.cols if sum((r, c) in hidden for r in table.rows) == 1 or small(table.col_total(c))}
    # The grand total goes too when it would solve a lone hidden cell (a one-cell line could not be complemented).
    grand_hidden = len(hidden) == 1 or small(table.grand_total)
    return PublishedTable(
        table.rows, table.cols, {k: (None if k in hidden else v) for k, v in value.items()},
        {r: (None if r in row_hidden else table.row_total(r)) for r in table.rows},
        {c: (None if c in col_hidden else table.col_total(c)) for c in table.cols},
        None if grand_hidden else table.grand_total, threshold, hidden)


def recoverable_cells(published: PublishedTable) -> list[tuple[str, str]]:
    """Hidden cells an attacker can compute from the published numbers by repeatedly solving any row or column
    with exactly one unknown (the test that suppression holds)."""
    known = {k: v for k, v in published.cells.items() if v is not None}
    unknown = {k for k, v in published.cells.items() if v is None}
    recovered: list[tuple[str, str]] = []
    progress = True
    while progress:
        progress = False
        lines = [([(r, c) for c in published.cols], published.row_totals[r]) for r in published.rows]
        lines += [([(r, c) for r in published.rows], published.col_totals[c]) for c in published.cols]
        for cells, total in lines:
            missing = [k for k in cells if k in unknown]
            if total is not None and len(missing) == 1:
                k = missing[0]
                known[k] = total - sum(known[x] for x in cells if x != k)
                unknown.discard(k)
                recovered.append(k)
                progress = True
    return recovered
