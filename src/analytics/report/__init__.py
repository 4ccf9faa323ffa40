"""Stage 6, reports: the built database in, notebooks' content and rendered offline HTML out.

What the notebooks show (queries, charts, the blocks every report carries; one module per notebook) and
batch rendering (`render`: every notebook for every parameter value, on warm kernels, through the offline
HTML template). Notebooks stay thin: a parameters cell, then calls into this package.
"""

from .blocks import citation, display_figure, header, not_published, sources, table
from .data import ReportContext, open_report

__all__ = ["ReportContext", "citation", "display_figure", "header", "not_published", "open_report", "sources", "table"]
