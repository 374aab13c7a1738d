"""Scanner: finditer's matches, visiting only the positions where a match can start."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy.redaction import minority_names
from privacy.redaction.recognizers import cn_person, medical
from privacy.redaction.scan import Scanner, first_chars
from tests.unit.privacy.redaction.corpus import corpus_texts

USED = [minority_names._YI_CLAN, minority_names.UYGHUR_NAME, minority_names.UYGHUR_NAME_NO_DOT,
        minority_names.TIBETAN_NAME, minority_names.MONGOLIAN_NAME, medical.MEDICAL, cn_person._BEFORE_AFTER]


def spans(matches):
    return [(m.span(), m.groups()) for m in matches]


@pytest.mark.parametrize(("pattern", "chars"), [
    ("abc|de", "ad"), ("(?:ab|c){1,3}", "ac"), ("x?y", "xy"), ("(?=(ab|cd))", "ac"), ("(?<=q)ab|c", "ac"),
    ("a?(?=b)c", "ab"), ("(?!z)[abc]", "abc"), ("[一-三]级", "一丁丂七丄丅丆万丈三"),
])
def test_first_characters_of_a_pattern(pattern, chars):
    assert first_chars(re.compile(pattern)) == frozenset(chars)


@pytest.mark.parametrize("pattern", ["a*", ".b", r"\wb", "[^a]b", "^ab", "(?>ab)", "(?i)ab", "x?"])
def test_a_pattern_whose_start_is_unknown_is_scanned_whole(pattern):
    compiled = re.compile(pattern)
    assert first_chars(compiled) is None
    assert spans(Scanner(compiled).finditer("ab xab aab")) == spans(compiled.finditer("ab xab aab"))


def test_the_scanned_patterns_match_as_finditer_on_every_corpus_note():
    texts = corpus_texts()
    for pattern in USED:
        scanner = Scanner(pattern)
        assert scanner.starts is not None
        for text in texts:
            assert spans(scanner.finditer(text)) == spans(pattern.finditer(text)), (pattern.pattern[:30], text)


def _alphabet(pattern):
    return sorted({c for c in pattern.pattern if c not in "()[]{}|?:=*+\\"} | set("，的了 0"))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_the_scanned_patterns_match_as_finditer_on_generated_text(data):
    pattern = data.draw(st.sampled_from(USED))
    text = "".join(data.draw(st.lists(st.sampled_from(_alphabet(pattern)), max_size=30)))
    assert spans(Scanner(pattern).finditer(text)) == spans(pattern.finditer(text))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="扎西卓玛央宗措ab", min_size=1, max_size=4), min_size=1, max_size=8),
       st.text(alphabet="扎西卓玛央宗措ab的", max_size=20))
def test_a_trie_pattern_matches_as_the_alternation_longest_first(words, text):
    from privacy.redaction.scan import trie_pattern

    trie = re.compile(trie_pattern(words))
    alternation = re.compile("|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)))
    for i in range(len(text) + 1):
        a, b = trie.match(text, i), alternation.match(text, i)
        assert (a and a.group()) == (b and b.group()), (words, text, i)
