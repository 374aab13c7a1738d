from hypothesis import given, settings
from hypothesis import strategies as st

from projections.statistics import Table, count_table, recoverable_cells, suppress


def test_counts_by_two_dimensions():
    table = count_table([{"a": "x", "b": 1}, {"a": "x", "b": 2}, {"a": "y", "b": 1}], "a", "b")
    assert table.cells == {("x", "1"): 1, ("x", "2"): 1, ("y", "1"): 1} and table.grand_total == 3


def test_small_cells_are_hidden_and_cannot_be_recovered():
    table = Table(["r1", "r2", "r3"], ["c1", "c2", "c3"],
                  {("r1", "c1"): 2, ("r1", "c2"): 40, ("r1", "c3"): 30, ("r2", "c1"): 25, ("r2", "c2"): 35,
                   ("r2", "c3"): 20, ("r3", "c1"): 50, ("r3", "c2"): 60, ("r3", "c3"): 70})
    published = suppress(table, threshold=5)
    assert published.cells[("r1", "c1")] is None and len(published.suppressed) >= 4
    assert recoverable_cells(published) == []
    assert published.grand_total == table.grand_total


def test_zeros_are_shown():
    published = suppress(Table(["r"], ["a", "b"], {("r", "a"): 10, ("r", "b"): 0}))
    assert published.cells[("r", "b")] == 0 and not published.suppressed


@settings(max_examples=150, deadline=None)
@given(st.integers(2, 5), st.integers(2, 5), st.data())
def test_no_suppressed_cell_can_be_recovered_by_subtraction(n_rows, n_cols, data):
    rows, cols = [f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_cols)]
    cells = {(r, c): data.draw(st.integers(0, 12)) for r in rows for c in cols}
    published = suppress(Table(rows, cols, cells), threshold=5)
    assert all(published.cells[k] is None for k, v in cells.items() if 0 < v < 5)
    assert recoverable_cells(published) == []
