"""The sentence behind a figure: any target traced back to its document, item, span and source text.

Analysts call `analytics.source(target_id)` (or pass a row of `targets` / `quota_shares`); reports and
notebooks never need to know how offsets index into `documents.text`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import duckdb

from .connect import connect


@dataclass(frozen=True)
class Source:
    """Where a figure comes from, with enough to cite it and to find it in the document."""

    target_id: str
    doc_id: str
    document_title: str
    issuer: str
    doc_number: str | None
    issued: str | None
    item_no: str
    item_title: str
    line: int
    span: tuple[int, int]
    figure: str  # the characters of the figure itself, e.g. "600个"
    sentence: str  # the sentence around it, as printed

    def citation(self) -> str:
        number = self.doc_number or "no document number"
        issued = self.issued or "date not recorded"
        return (
            f"{self.issuer}, {self.document_title} ({number}, {issued}), item {self.item_no} "
            f"「{self.item_title}」, line {self.line}: {self.sentence}"
        )

    def _repr_html_(self) -> str:
        import html

        return (
            f"<blockquote><p>{html.escape(self.sentence)}</p><footer>{html.escape(self.citation())}"
            f" — <code>{html.escape(self.doc_id)}</code> characters {self.span[0]}–{self.span[1]}</footer></blockquote>"
        )


_SQL = """
SELECT t.target_id, t.doc_id, d.title, d.issuer, d.doc_number, CAST(d.issued AS VARCHAR), t.item_no, t.item_title,
       t.line, t.span_start, t.span_end,
       substr(d.text, t.span_start + 1, t.span_end - t.span_start),
       substr(d.text, t.sentence_start + 1, t.sentence_end - t.sentence_start)
FROM targets t JOIN documents d USING (doc_id) WHERE t.target_id = ?
"""


def _target_id(ref: str | Mapping) -> str:
    if isinstance(ref, str):
        return ref
    for key in ("target_id", "district_target_id", "district_target_ids"):
        value = ref.get(key) if hasattr(ref, "get") else None
        if value is None:
            continue
        if isinstance(value, str):
            return value
        values = list(value)
        if len(values) == 1:
            return values[0]
        raise ValueError(f"this row sums {len(values)} figures ({', '.join(values)}): trace each with source(id)")
    raise ValueError("give a target_id or a row with target_id / district_target_id(s)")


def source(ref: str | Mapping, con: duckdb.DuckDBPyConnection | None = None) -> Source:
    """The document, item, span and sentence of a figure, by target id or from a row that carries one."""
    target_id = _target_id(ref)
    own = con is None
    con = con or connect()
    try:
        rows = con.execute(_SQL, [target_id]).fetchall()  # read to the end: the connection stays usable
    finally:
        if own:
            con.close()
    if not rows:
        raise KeyError(f"no target {target_id!r} in the database")
    row = rows[0]
    return Source(*row[:9], span=(row[9], row[10]), figure=row[11], sentence=row[12].strip())
