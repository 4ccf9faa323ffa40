"""livelihood-analytics: Chongqing's key livelihood project lists as a cited DuckDB database.

In a notebook: ``import analytics; con = analytics.connect()`` opens the built database read-only, and
``analytics.source(target_id)`` gives the document, item and sentence behind any figure.
"""

from __future__ import annotations

import os

__version__ = "0.1.0"

# Arrow memory from the C library's allocator: pyarrow's default (mimalloc) keeps what the build's batches and
# Parquet writer freed, ~40 MiB more at the peak of a 9 MB list's build (benchmarks/run.py --large-only). Read
# by Arrow when pyarrow loads, so it only applies where analytics is imported first (the CLI, `make`).
os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")

from .database.connect import connect  # noqa: E402
from .database.provenance import Source, source  # noqa: E402

__all__ = ["Source", "__version__", "connect", "source"]
