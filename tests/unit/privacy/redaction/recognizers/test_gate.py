"""The pattern recognizers' pre-filters only skip notes where presidio's patterns find nothing: a gate that says no
must never hide a match (GatedPatternRecognizer.passes_gate)."""

from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer
from recognizer_values import id_with_x, luhn_card, valid_id

from privacy.redaction.recognizers import ALL
from privacy.redaction.recognizers.gate import GatedPatternRecognizer
from tests.unit.privacy.redaction.corpus import corpus_texts

GATED = [cls() for cls in ALL if issubclass(cls, GatedPatternRecognizer)]
# Matches written to test the gates' edges: lower-case letters (presidio ignores case), full-width brackets, cues
# ending in 书, police numbers, a lone province and letter.
EDGES = ["车牌贵a12345", "京·", "qQ：12345678", "Wx号 abc_def1", "微信是 Zhang_3", "决定书 2024-0315",
         "警情号j20240315123456789", "a202403150000000000001", "（0851）86821234", "0851-8682 1234",
         "+86 138 0013 8000", "a.b@qq.com", "学籍号G" + valid_id(), valid_id() + "14", id_with_x(), luhn_card(),
         " ".join(luhn_card()[i:i + 4] for i in range(0, 16, 4)),
         "（2025）黔0521民特7号", "黔检未检刑不诉〔2024〕Z12号", "威特困字第2023012号", "证号TK5205210021"]


def _ungated(recognizer, text):
    return PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities, None)


def test_every_pattern_recognizer_is_gated():
    patterned = [cls.__name__ for cls in ALL if issubclass(cls, PatternRecognizer)]
    assert sorted(type(r).__name__ for r in GATED) == sorted(patterned)


def test_a_closed_gate_hides_no_match_on_any_corpus_note_or_edge():
    for text in list(corpus_texts()) + EDGES:
        for recognizer in GATED:
            if not recognizer.passes_gate(text):
                assert _ungated(recognizer, text) == [], (type(recognizer).__name__, text)


def test_the_edges_are_found_through_their_gates():
    found = {text for text in EDGES for r in GATED if r.passes_gate(text) and _ungated(r, text)}
    assert found == set(EDGES) - {"京·"}


ALPHABET = st.sampled_from(list("0123456789 -Xx@.：:号书证QqWwVvJjAa贵京黔检字第（）()〔〕"
                                "低保特困微信扣扣住院案号") + ["\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_a_closed_gate_hides_no_match_on_generated_text(text):
    for recognizer in GATED:
        if not recognizer.passes_gate(text):
            assert _ungated(recognizer, text) == [], type(recognizer).__name__


def _closed_pattern_gates_hide_nothing(text):
    """Every pattern whose own gate finds nothing in the text matches nothing there, as presidio compiles it."""
    import regex

    for recognizer in GATED:
        for pattern in recognizer.patterns:
            gate = recognizer.PATTERN_GATES.get(pattern.name)
            if gate is not None and gate.search(text) is None:
                compiled = regex.compile(pattern.regex, flags=recognizer.global_regex_flags)
                assert [m.group() for m in compiled.finditer(text) if m.group()] == [], (pattern.name, text)


def test_every_pattern_gate_names_a_pattern_of_its_recognizer():
    for recognizer in GATED:
        assert set(recognizer.PATTERN_GATES) <= {p.name for p in recognizer.patterns}, type(recognizer).__name__
    assert sum(len(r.PATTERN_GATES) for r in GATED) >= 11


def test_a_closed_pattern_gate_hides_no_match_on_any_corpus_note_or_edge():
    for text in list(corpus_texts()) + EDGES:
        _closed_pattern_gates_hide_nothing(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_a_closed_pattern_gate_hides_no_match_on_generated_text(text):
    _closed_pattern_gates_hide_nothing(text)
