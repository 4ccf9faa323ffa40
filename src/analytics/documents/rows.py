"""Rows of the raw and reference tables this stage owns: `documents` and `jurisdictions`."""

from __future__ import annotations

from collections import Counter

from .formats.document import Document
from .manifest import DocumentEntry


def document_row(entry: DocumentEntry, document: Document, parent_doc_id: str | None = None) -> dict:
    return {
        **entry.model_dump(),
        "doc_id": entry.id,
        "parent_doc_id": parent_doc_id,
        "encoding": document.encoding,
        "char_count": len(document.text),
        "text": document.text,
    }


def jurisdiction_rows(divisions: dict[str, dict[str, str]], entries: list[DocumentEntry]) -> list[dict]:
    """Every division of the reference list (every province, prefecture and county of China), with its parent
    as divisions.csv gives it and how many documents of the corpus it has."""
    counts = Counter(e.jurisdiction_code for e in entries)
    return [
        {
            "jurisdiction_code": code,
            "name_zh": division["name_zh"],
            "name_en": division["name_en"],
            "level": division["level"],
            "type_zh": division.get("type_zh") or None,
            "parent_code": division.get("parent_code") or None,
            "document_count": counts.get(code, 0),
        }
        for code, division in divisions.items()
    ]
