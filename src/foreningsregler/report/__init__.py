"""The report a lawyer reads: one self-contained HTML file (and a PDF) on a statute.

Beside ``cli`` and ``checks`` among the faces: it calls the public wings and
the linter's front door, and nothing calls it but the command line
(``report_command``, registered in ``cli/commands.py``).
"""

from .command import report_command, write_report
from .html import render_html
from .pdf import PdfUnavailable, write_pdf

__all__ = ["PdfUnavailable", "render_html", "report_command", "write_pdf", "write_report"]
