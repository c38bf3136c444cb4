"""Dates as the handbook shows them (``handbook_date_format``, in the project's language)."""

from __future__ import annotations

import datetime as dt
import functools

from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.util.i18n import format_date

from .. import config as handbook_config


def readable_date(app: Sphinx, date: dt.date | None) -> str:
    if date is None:
        return _("undated")
    return formatted_date(date, handbook_config.get(app.config).date_format, app.config.language or "en")


@functools.lru_cache(maxsize=4096)
def formatted_date(date: dt.date, date_format: str, language: str) -> str:
    """Babel is slow and every card shows a date; posts share few distinct days."""
    return format_date(date_format, date=dt.datetime(date.year, date.month, date.day), language=language)
