"""An offline presidio AnalyzerEngine for Chinese: a blank spaCy pipeline (no model download) and our recognizers."""

from __future__ import annotations

import threading
from typing import Any

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.context_aware_enhancers import ContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

_lock = threading.Lock()
_analyzer: AnalyzerEngine | None = None


class OfflineChineseNlpEngine(SpacyNlpEngine):
    """An NLP engine that hands presidio no tokens: our recognizers share one jieba segmentation
    (privacy/redaction/segment.py), and the context of the pattern recognizers is written into their patterns (cue
    lookbehinds). spaCy's blank Chinese pipeline with its character segmenter, used before, cost a fifth of the time
    and gave presidio's context enhancer only single characters, which never matched a context word of two or more:
    results are the same without it."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])

    def load(self) -> None:
        self.nlp = {}

    def is_loaded(self) -> bool:
        return True

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        return NlpArtifacts(entities=[], tokens=[], tokens_indices=[], lemmas=[], nlp_engine=self, language=language)


class NoContextEnhancer(ContextAwareEnhancer):
    """Presidio's context step, skipped: see OfflineChineseNlpEngine (it also deep-copied every result)."""

    def __init__(self) -> None:
        super().__init__(context_similarity_factor=0, min_score_with_context_similarity=0, context_prefix_count=0,
                         context_suffix_count=0)

    def enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # noqa: ANN001
        return raw_results


class FixedRecognizerRegistry(RecognizerRegistry):
    """Presidio's registry, answering a repeated request from a cache (it filtered and copied the recognizer list
    on every call); adding or removing a recognizer empties the cache."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._answers: dict[tuple, list] = {}

    def get_recognizers(self, language, entities=None, all_fields=False, ad_hoc_recognizers=None):  # noqa: ANN001
        if ad_hoc_recognizers:
            return super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)
        key = (language, tuple(entities) if entities is not None else None, all_fields)
        answer = self._answers.get(key)
        if answer is None:
            answer = self._answers[key] = super().get_recognizers(language, entities, all_fields)
        return list(answer)

    def add_recognizer(self, recognizer):  # noqa: ANN001
        self._answers.clear()
        super().add_recognizer(recognizer)

    def remove_recognizer(self, *args: Any, **kwargs: Any) -> None:
        self._answers.clear()
        super().remove_recognizer(*args, **kwargs)


class ChineseAnalyzerEngine(AnalyzerEngine):
    """Presidio's engine without its context pass: that pass sorts every result by recognizer, once per recognizer,
    only to hand each list to NoContextEnhancer, which returns it unchanged."""

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):  # noqa: ANN001
        return raw_results


def build_analyzer() -> AnalyzerEngine:
    """The shared analyzer, built once on first use (jieba's dictionary loads then, ~1 s)."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            from privacy.redaction.recognizers import ALL

            engine = OfflineChineseNlpEngine()
            engine.load()
            registry = FixedRecognizerRegistry(supported_languages=["zh"])
            for recognizer in ALL:
                registry.add_recognizer(recognizer())
            _analyzer = ChineseAnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["zh"],
                                       context_aware_enhancer=NoContextEnhancer())
        return _analyzer
