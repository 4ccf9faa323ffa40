"""livelihood-analytics: Chongqing's key livelihood project lists as a cited DuckDB database.

In a notebook: ``import analytics; con = analytics.connect()`` opens the built database read-only.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .database.connect import connect  # noqa: E402

__all__ = ["__version__", "connect"]
