"""minority_names' place guard: looking up only the window's characters answers as a search for every place."""

from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.redaction import minority_names
from privacy.redaction.minority_names import PLACE_AFTER, PLACES, _place
from tests.unit.privacy.redaction.corpus import corpus_texts


def place_by_search(text: str, s: int, e: int) -> bool:
    """The guard as first written: every place searched for around s..e."""
    if e < len(text) and text[e] in PLACE_AFTER:
        return True
    for place in PLACES:
        i = text.find(place, max(0, s - len(place) + 1), e + len(place) - 1)
        if i != -1 and i < e and s < i + len(place):
            return True
    return False


def windows(text: str, step: int = 1):
    for s in range(0, len(text), step):
        for e in range(s + 2, min(len(text), s + 6) + 1):
            yield s, e


def test_the_place_guard_answers_as_the_search_on_every_corpus_note():
    for text in corpus_texts()[::3]:
        for s, e in windows(text, step=3):
            assert _place(text, s, e) == place_by_search(text, s, e), (text, s, e)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(sorted(PLACES)), st.sampled_from(list("扎西卓玛的在县节人，1 "))),
                max_size=12))
def test_the_place_guard_answers_as_the_search_around_places(parts):
    text = "".join(parts)
    for s, e in windows(text):
        assert _place(text, s, e) == place_by_search(text, s, e), (text, s, e)


def test_a_place_overlapping_the_start_or_the_end_is_found():
    place = max(PLACES, key=len)
    assert minority_names._place("他" + place + "人", 1 + len(place) - 1, 1 + len(place) + 1)
    assert minority_names._place("他们" + place, 1, 3)


def uyghur_spans(text: str) -> list:
    chosen = minority_names.UYGHUR_NAME if minority_names._NAMES_DOTTED.search(text) else \
        minority_names.UYGHUR_NAME_NO_DOT
    return [m.span() for m in chosen.finditer(text)]


def test_a_note_scanned_without_the_dotted_alternative_matches_as_with_it():
    for text in corpus_texts(mixed=True):
        assert uyghur_spans(text) == [m.span() for m in minority_names.UYGHUR_NAME.finditer(text)], text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(sorted(minority_names.UYGHUR)),
                          st.sampled_from(list("·•・．.古丽江阿的3 ，")),
                          st.sampled_from(sorted(minority_names.TRANSLIT))), max_size=10))
def test_names_and_dots_anywhere_match_as_with_the_dotted_alternative(parts):
    text = "".join(parts)
    assert uyghur_spans(text) == [m.span() for m in minority_names.UYGHUR_NAME.finditer(text)], text
