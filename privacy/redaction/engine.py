"""An offline presidio AnalyzerEngine for Chinese: a blank spaCy pipeline (no model download) and our recognizers."""

from __future__ import annotations

import threading

from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
from presidio_analyzer.nlp_engine import SpacyNlpEngine

_lock = threading.Lock()
_analyzer: AnalyzerEngine | None = None


class OfflineChineseNlpEngine(SpacyNlpEngine):
    """spaCy's blank Chinese pipeline with the character segmenter: tokens for context words, nothing downloaded."""

    def __init__(self) -> None:
        super().__init__(models=[{"lang_code": "zh", "model_name": "blank:zh"}])

    def load(self) -> None:
        import spacy

        self.nlp = {"zh": spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})}


def build_analyzer() -> AnalyzerEngine:
    """The shared analyzer, built once on first use (jieba's dictionary loads then, ~1 s)."""
    global _analyzer
    with _lock:
        if _analyzer is None:
            from privacy.redaction.recognizers import ALL

            engine = OfflineChineseNlpEngine()
            engine.load()
            registry = RecognizerRegistry(supported_languages=["zh"])
            for recognizer in ALL:
                registry.add_recognizer(recognizer())
            _analyzer = AnalyzerEngine(nlp_engine=engine, registry=registry, supported_languages=["zh"])
        return _analyzer
