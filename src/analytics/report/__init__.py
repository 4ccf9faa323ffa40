"""What the notebooks show: data for each report, its charts, and the blocks every report carries.

Notebooks stay thin: a parameters cell, then calls into this package.
"""

from .blocks import citation, display_figure, header, not_published, sources, table
from .data import ReportContext, open_report

__all__ = ["ReportContext", "citation", "display_figure", "header", "not_published", "open_report", "sources", "table"]
