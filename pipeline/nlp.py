"""Build the spaCy pipeline once per process: ``spacy.blank("zh")`` with our tokenizer and stages."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language

from . import stages  # noqa: F401  (registers the component factories)

MAX_TEXT_CHARS = 100_000_000  # what one nlp(text) call accepts
PIPE_NAMES = ("meeting_sentences", "meeting_entities", "meeting_speakers", "meeting_proposals", "meeting_themes")


def build(segmenter: str = "jieba", themes_file: str | None = None, models: str | None = None) -> Language:
    """A new pipeline. ``segmenter`` is ``jieba`` or ``pkuseg``; ``themes_file`` replaces the default themes."""
    config = {"nlp": {"tokenizer": {"@tokenizers": "meeting_tokenizer.v1", "segmenter": segmenter,
                                    "models": models}}}
    nlp = spacy.blank("zh", config=config)
    nlp.add_pipe("meeting_sentences")
    nlp.add_pipe("meeting_entities", config={"models": models})
    nlp.add_pipe("meeting_speakers", config={"models": models})
    nlp.add_pipe("meeting_proposals")
    nlp.add_pipe("meeting_themes", config={"themes_file": str(themes_file) if themes_file else None,
                                           "models": models})
    # spaCy refuses texts over 1 M characters for the memory its parser and NER would need; these stages
    # need neither, and the run's own limit (--max-chars, 5 M by default) is the one that applies
    nlp.max_length = max(nlp.max_length, MAX_TEXT_CHARS)
    return nlp


@lru_cache(maxsize=4)
def load(segmenter: str = "jieba", themes_file: str | None = None, models: str | None = None) -> Language:
    """The pipeline for these settings, built on first use and then shared within the process."""
    return build(segmenter, themes_file, models)
