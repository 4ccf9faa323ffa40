"""livelihood-analytics: Chongqing's key livelihood project lists as a cited DuckDB database.

In a notebook: ``import analytics; con = analytics.connect()`` opens the built database read-only, and
``analytics.source(target_id)`` gives the document, item and sentence behind any figure.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .database.connect import connect  # noqa: E402
from .database.provenance import Source, source  # noqa: E402

__all__ = ["Source", "__version__", "connect", "source"]
