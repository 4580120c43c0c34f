"""spaCy components, one module per stage. Importing this package registers their factories."""

from . import entities, proposals, segment, sentences, speakers, themes  # noqa: F401
