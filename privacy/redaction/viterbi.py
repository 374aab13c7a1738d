"""A faster, exact replacement for jieba.posseg's Viterbi decoder (the HMM that tags words jieba's dictionary lacks:
names, mostly). jieba's version scores every pair of previous and next states with a generator of tuples; this one
follows each previous state's transitions into the states the next character can take (a set intersection). Same
arithmetic in the same order, same tie-breaking (the larger previous state wins a tie; the largest previous state when
every path is impossible), so the same tags: tests/unit/privacy/redaction/test_viterbi.py compares the two.
"""

from __future__ import annotations

from typing import Any

MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")
STEP_MEMO = 5_000  # step tables kept (each a few KB: at most ~20 MB)
_model: dict = {}


def _tables(states: dict, trans_p: dict) -> tuple[dict, frozenset, dict]:
    key = (id(states), id(trans_p))
    if key not in _model:
        _model.clear()
        _model[key] = ({y0: frozenset(d) for y0, d in trans_p.items()}, frozenset(trans_p), {})
    return _model[key]


def viterbi(obs: str, states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list]:
    """(probability, [state of each character]) exactly as jieba.posseg.viterbi.viterbi returns them."""
    successors, all_states, char_states = _tables(states, trans_p)
    first = obs[0]
    V = {y: start_p[y] + emit_p[y].get(first, MIN_FLOAT) for y in states.get(first, all_states)}
    paths = [dict.fromkeys(V, "")]
    for t in range(1, len(obs)):
        char = obs[t]
        prev = [x for x in V if trans_p[x]]
        expect = frozenset().union(*[successors[x] for x in prev])
        possible = char_states.get(char)
        if possible is None:
            possible = char_states[char] = frozenset(states.get(char, all_states))
        obs_states = possible & expect or expect or all_states
        best: dict = {}
        for y0 in prev:
            v0, out = V[y0], trans_p[y0]
            for y in successors[y0] & obs_states:
                p = v0 + out[y] + emit_p[y].get(char, MIN_FLOAT)
                b = best.get(y)
                if b is None or p > b[0] or (p == b[0] and y0 > b[1]):
                    best[y] = (p, y0)
        top = max(prev) if prev else None
        V, path = {}, {}
        for y in obs_states:
            b = best.get(y)
            if b is None or b[0] == MIN_INF:
                V[y], path[y] = MIN_INF, top  # every path impossible: jieba's max() picks the largest state
            else:
                V[y], path[y] = b
        paths.append(path)
    prob, state = max((v, y) for y, v in V.items())
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route


class ArrayViterbi:
    """The same decoder over numpy arrays: one step scores every (previous state, next state) pair of the allowed
    states at once, with the same float additions in the same order ((V + trans) + emit) and the same tie-breaking
    (states are numbered in their sort order and scanned from the largest, so argmax picks the largest previous state
    on a tie, and the largest previous state when every path is impossible). Missing transitions are -inf, as in
    jieba's own decoder. Falls back to viterbi() where no previous state has a successor (jieba itself fails there)."""

    def __init__(self, states: dict, start_p: dict, trans_p: dict, emit_p: dict) -> None:
        import numpy as np

        self.np = np
        self.tables = (states, start_p, trans_p, emit_p)
        self.names = sorted(trans_p)
        index = self.index = {s: i for i, s in enumerate(self.names)}
        n = len(self.names)
        self.start = np.array([start_p[s] for s in self.names])
        self.trans = np.full((n, n), MIN_INF)
        for y0, out in trans_p.items():
            for y, p in out.items():
                self.trans[index[y0], index[y]] = p
        self.follows = self.trans > MIN_INF  # follows[y0, y]: y may come after y0
        self.moves = np.array([bool(trans_p[s]) for s in self.names])
        # Per character, eagerly (model data, ~15 MB): the states it may take (every state when the model gives it
        # none) and its emission score in each state (MIN_FLOAT where it has none); the last row is any other character.
        chars = sorted(set(states) | {c for out in emit_p.values() for c in out})
        self.rows = {c: i for i, c in enumerate(chars)}
        self.allowed = np.ones((len(chars) + 1, n), dtype=bool)
        for c, own in states.items():
            self.allowed[self.rows[c]] = False
            self.allowed[self.rows[c], [index[y] for y in own]] = True
        self.emit = np.full((len(chars) + 1, n), MIN_FLOAT)
        for y, out in emit_p.items():
            self.emit[[self.rows[c] for c in out], index[y]] = list(out.values())
        self.steps: dict[tuple[int, str], tuple] = {}
        self.heads: dict[int, tuple] = {}
        self.columns = [np.arange(k) for k in range(n + 1)]
        self.firsts: dict[str, tuple[Any, Any]] = {}

    def _char(self, char: str) -> tuple[Any, Any]:
        row = self.rows.get(char, -1)
        return self.allowed[row], self.emit[row]

    def clear(self) -> None:
        """Forget the per-step tables built so far (they depend on the pairs of characters met)."""
        self.steps.clear()
        self.heads.clear()
        self.firsts.clear()

    def _first(self, char: str) -> tuple[Any, Any]:
        first = self.firsts.get(char)
        if first is None:
            allowed, emit = self._char(char)
            cur = self.np.flatnonzero(allowed)  # the states of V, ascending
            first = self.firsts[char] = (cur, self.start[cur] + emit[cur])
        return first

    def _step(self, cur: Any, char: str) -> tuple:
        """What one step needs, given the states now held (an array built here, so its id is its key) and the next
        character: which held states move on, to which states, and the transition and emission scores between them."""
        key = (id(cur), char)
        step = self.steps.get(key)
        if step is None:
            np = self.np
            if len(self.steps) >= STEP_MEMO:
                self.steps.clear()
                self.heads.clear()
            head = self.heads.get(id(cur))
            if head is None:  # what depends on the held states alone: who moves on, and where they can go
                moving = self.moves[cur]
                prev = cur[moving][::-1]  # descending: argmax's first maximum is the largest state
                head = self.heads[id(cur)] = (moving, prev, self.follows[prev].any(axis=0), cur)
            moving, prev, expect, _ = head
            if not len(prev):
                return None, None, None, None, None, None, None
            allowed, emit = self._char(char)
            mask = allowed & expect
            if not mask.any():
                mask = expect
            nxt = np.flatnonzero(mask)
            # cur rides along: the array whose id is the key lives as long as the entry (ids are reused once freed)
            step = (moving, prev, nxt, self.trans[prev][:, nxt], emit[nxt][None, :], self.columns[len(nxt)], cur)
            self.steps[key] = step
        return step

    def __call__(self, obs: str) -> tuple[float, list]:
        cur, v = self._first(obs[0])
        back = []
        for t in range(1, len(obs)):
            moving, prev, nxt, trans, emit, cols, _ = self._step(cur, obs[t])
            if moving is None:
                return viterbi(obs, *self.tables)
            scores = (v[moving][::-1][:, None] + trans) + emit
            best = scores.argmax(axis=0)
            v = scores[best, cols]
            back.append((nxt, prev[best]))
            cur = nxt
        top = len(v) - 1 - int(v[::-1].argmax())  # the largest state among the best
        state = int(cur[top])
        prob = float(v[top])
        route = [""] * len(obs)
        for i in range(len(obs) - 1, -1, -1):
            route[i] = self.names[state]
            if i:
                nxt, came_from = back[i - 1]
                state = int(came_from[int(self.np.searchsorted(nxt, state))])
        return prob, route
