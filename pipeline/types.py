"""The typed objects that stages put on a spaCy ``Doc`` (``doc._.speakers``, ``doc._.proposals``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Speaker:
    """A person whose own remarks at the meeting the document reports."""

    name: str
    titles: list[str] = field(default_factory=list)
    organisation: str | None = None
    mentions: list[tuple[int, int]] = field(default_factory=list)
    #: where the speaker was found: "heading" (发言摘编 heading) or "narrative".
    evidence: str = "narrative"

    def to_dict(self) -> dict:
        return {"name": self.name, "titles": list(self.titles), "organisation": self.organisation,
                "mentions": [[s, e] for s, e in self.mentions]}


@dataclass
class Proposal:
    """One suggestion: an enumerated item or a 建议 sentence, with character offsets into ``doc.text``."""

    start: int
    end: int
    text: str
    speaker: str | None = None
    kind: str = "item"  # "item" (enumerated) or "sentence" (建议 sentence)
    theme: str | None = None
    theme_score: float = 0.0
    id: str = ""

    def to_dict(self) -> dict:
        return {"id": self.id, "speaker": self.speaker, "start": self.start, "end": self.end, "text": self.text,
                "theme": self.theme, "theme_score": round(float(self.theme_score), 4)}
