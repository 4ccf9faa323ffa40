"""Stage 2, items: a document's tables in, its listed items out.

Reads each table as what it holds: list items (projects, with units, tier and money), quarterly checkpoints
of an implementation plan (milestones), five-year-plan indicators, and which municipal item each district
item takes up. Every item keeps the span of its row in the document.
"""
