"""The report as PDF, through WeasyPrint (the optional extra ``report-pdf``).

WeasyPrint is imported here only, when a PDF is asked for; without it the
library says how to install it (``PdfUnavailable``), and the HTML report
works as before.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import ForeningsreglerError
from ..i18n import _


class PdfUnavailable(ForeningsreglerError):
    """A PDF was asked for, but WeasyPrint (or a library it needs) is missing."""


def write_pdf(html: str, target: Path) -> None:
    """Write the report's HTML to ``target`` as PDF, with its print stylesheet."""
    try:
        from weasyprint import HTML
    except ImportError as error:
        raise PdfUnavailable(
            _(
                "a PDF needs WeasyPrint, which is not installed: "
                "pip install 'foreningsregler[report-pdf]' ({error})",
                error=error,
            )
        ) from None
    except OSError as error:  # WeasyPrint found, but not the Pango library it draws text with
        raise PdfUnavailable(
            _(
                "WeasyPrint cannot start, a system library is missing (on Debian: "
                "apt-get install libpango-1.0-0 libpangoft2-1.0-0): {error}",
                error=error,
            )
        ) from None
    # No base URL: the report fetches nothing, and WeasyPrint may fetch nothing.
    HTML(string=html, url_fetcher=_refuse).write_pdf(target)


def _refuse(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"the report fetches nothing: {url}")
