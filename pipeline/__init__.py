"""Annotate Chinese political-meeting reports: people, organisations, titles, policy terms, speakers,
proposals and their discussion themes.

In a notebook::

    import pipeline
    nlp = pipeline.load()
    doc = nlp(text)
    doc.spans["sc"], doc._.speakers, doc._.proposals, doc._.themes

or, for the JSONL record of SPEC.md, ``pipeline.annotate_text(text)``.
"""

__version__ = "0.1.0"


def __getattr__(name: str):
    """``pipeline.build`` and ``pipeline.load``, imported on first use: a run's parent process, which only
    reads inputs and writes what its workers send back, never imports spaCy (workers start ~0.5 s sooner)."""
    if name in ("build", "load"):
        from . import nlp

        return getattr(nlp, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def annotate_text(text: str, doc_id: str = "doc", segmenter: str = "jieba", themes_file: str | None = None) -> dict:
    """Annotate one text and return its SPEC.md record."""
    from .io import InputDocument, normalise_newlines
    from .nlp import load
    from .record import doc_to_record

    text = normalise_newlines(text)
    doc_in = InputDocument(doc_id, doc_id, text=text, encoding="utf-8")
    return doc_to_record(load(segmenter, themes_file)(text), doc_in, segmenter)


__all__ = ["__version__", "annotate_text", "build", "load"]
