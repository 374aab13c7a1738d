"""Long CLI work shows progress: a redrawn bar on a terminal, plain lines when the output is a file or a pipe."""

import io

from services.entrypoints.cli.progress import Progress


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_plain_lines_every_tenth_and_at_the_end_when_not_a_terminal():
    out = io.StringIO()
    p = Progress("publishing", 100, out)
    for _ in range(100):
        p.advance()
    p.done()
    lines = out.getvalue().splitlines()
    assert len(lines) == 11 and lines[0] == "publishing: 10/100 (10%)" and lines[-1].startswith("publishing: done, 100")
    assert "\r" not in out.getvalue()


def test_a_bar_redrawn_in_place_on_a_terminal():
    out = Terminal()
    p = Progress("replaying", 10, out)
    p.advance(10)
    p.done()
    assert out.getvalue().startswith("\rreplaying: ###") and "10/10 (100%)" in out.getvalue()


def test_an_unknown_total_counts():
    out = io.StringIO()
    p = Progress("re-wrapping", None, out)
    p.advance(3)
    p.done()
    assert out.getvalue() == "" or "re-wrapping: done, 3" in out.getvalue()
