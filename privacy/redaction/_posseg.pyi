# The C cutter (_posseg.c), built by setup.py where a compiler is at hand; posseg_cut.new_cutter() picks it.

class Cutter:
    def __init__(
        self,
        freq: dict[str, int],
        logtotal: float,
        word_tag_tab: dict[str, str],
        names: list[tuple[str, str]],
        start: list[float],
        trans: list[tuple[int, int, float]],
        char_states: list[tuple[str, list[int]]],
        emit: list[tuple[int, str, float]],
    ) -> None: ...
    def cut(self, sentence: str, /) -> list[tuple[str, str]]: ...
    def tokens(self, sentence: str, /) -> tuple[tuple[str, str, int], ...]: ...
    def clear(self) -> None: ...
    def nbytes(self) -> int: ...
