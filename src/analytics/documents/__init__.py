"""Stage 1, documents: a raw file and its manifest entry in, text and tables with character offsets out.

Holds the manifest and `analytics add` (intake), the readers from bytes to text (UTF-8 / GB18030 text,
.docx, PDF), `SourceText` (text that remembers each character's offset in the document), the layout
vocabulary and the table readers. Nothing here knows what a livelihood item or a target is.
"""
