"""``foreningsregler report PATH -o FILE.html [--lang da|en] [--pdf FILE.pdf]``.

The command is registered on the command line's group in ``cli/commands.py``.
Exit code 0: the report is written; 2: the statute cannot be loaded (its
problems are printed as ``check`` prints them), or a PDF was asked for and
cannot be made (the HTML is written all the same).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from .._text import visible
from ..i18n import DEFAULT, LANGUAGE_VARIABLE, LANGUAGES, N_, _, language, use_language
from ..statute.loading import load
from ..statute.model import Statute
from ..statute.problems import StatuteError
from .html import render_html
from .pdf import PdfUnavailable, write_pdf

EXIT_OK, EXIT_UNUSABLE = 0, 2


def write_report(statute: Statute, output: Path, pdf: Path | None = None) -> None:
    """Write the report on ``statute`` to ``output`` (HTML) and, if asked, to
    ``pdf``, in the current language; ``PdfUnavailable`` without WeasyPrint."""
    html = render_html(statute)
    output.write_text(html, encoding="utf-8")
    if pdf is not None:
        write_pdf(html, pdf)


@click.command("report")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("The HTML file to write."),
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help=N_("The report's language (default: the environment's, else the statute's)."),
)
@click.option(
    "--pdf",
    type=click.Path(path_type=Path, dir_okay=False),
    help=N_("Also write the report as PDF (needs the extra report-pdf: WeasyPrint)."),
)
def report_command(path: Path, output: Path, lang: str | None, pdf: Path | None) -> None:
    """Write a report on the statute at PATH that a lawyer reads in a browser.

    One HTML file, with no network requests: a summary, each § and stk. beside
    what the tool encoded from it, the findings of the check, who may decide
    what, and drawings of the competence graph and the lifecycles.
    """
    with _language(lang):
        try:
            statute = load(path)
        except StatuteError as error:
            for problem in error.problems:
                _say(str(problem), err=True)
            _say(_("the statute cannot be loaded, so no report was written"), err=True)
            sys.exit(EXIT_UNUSABLE)
    with use_language(lang or _chosen(statute)):
        html = render_html(statute)
        output.write_text(html, encoding="utf-8")
        _say(_("wrote the report to {path}", path=str(output)))
        if pdf is not None:
            try:
                write_pdf(html, pdf)
            except PdfUnavailable as error:
                _say(f"foreningsregler: {error}", err=True)
                sys.exit(EXIT_UNUSABLE)
            _say(_("wrote the PDF to {path}", path=str(pdf)))


@contextlib.contextmanager
def _language(lang: str | None) -> Iterator[None]:
    if lang is None:
        yield
        return
    with use_language(lang):
        yield


def _chosen(statute: Statute) -> str:
    """The environment's language where it names one, else the statute's own."""
    for variable in (LANGUAGE_VARIABLE, "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(variable, "").split(".")[0].split("_")[0].split("-")[0].lower()
        if code in LANGUAGES:
            return language()
    own = statute.metadata.language
    return own if own in LANGUAGES else DEFAULT


def _say(text: str, *, err: bool = False) -> None:
    click.echo(visible(text), err=err)
