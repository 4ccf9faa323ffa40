"""Stage 6, reports: the built database in, notebooks' content and rendered offline HTML out.

What the notebooks show (queries, charts, the blocks every report carries; one module per notebook) and
batch rendering (`render`: every notebook for every parameter value, on warm kernels, through the offline
HTML template). Notebooks stay thin: a parameters cell, then calls into this package.
"""

from __future__ import annotations

from importlib import import_module

# Loaded on first use (PEP 562), so that batch rendering, which imports this package's `render` and `inputs`
# but not pandas or IPython, starts fast when it has nothing to render.
_EXPORTS = {
    "citation": "blocks",
    "display_figure": "blocks",
    "header": "blocks",
    "not_published": "blocks",
    "sources": "blocks",
    "table": "blocks",
    "ReportContext": "data",
    "open_report": "data",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> object:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
