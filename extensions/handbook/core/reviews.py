"""Review dates: which posts are due for review on the build's date (pure).

A post's front matter names its ``owner`` and when it was last ``reviewed``; it is due
``handbook_review_every`` days later. The date compared with is the build's: that of
``SOURCE_DATE_EPOCH`` when it is set (reproducible builds), else today. It is an input of
the build like the posts: when it moves past a post's review date, that post's page is
written again (``book/after_reading.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .records import PostRecord


def build_date(environ: Mapping[str, str]) -> dt.date:
    """The build's date: ``SOURCE_DATE_EPOCH`` (seconds since 1970, UTC) when set and valid, else today."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
        except (ValueError, OverflowError, OSError):
            pass
    return dt.date.today()


def due_on(reviewed: dt.date, every: int) -> dt.date | None:
    """When a post reviewed on ``reviewed`` is due again (None: reviews are off, ``every`` is 0)."""
    if every <= 0:
        return None
    try:
        return reviewed + dt.timedelta(days=every)
    except OverflowError:
        return None


def due_posts(records: Mapping[str, PostRecord], every: int, today: dt.date | None) -> dict[str, dt.date]:
    """Post -> the day its review fell due, for each post whose review is due on ``today``."""
    if today is None:
        return {}
    due = {}
    for docname in sorted(records):
        reviewed = records[docname].reviewed
        when = due_on(reviewed, every) if reviewed is not None else None
        if when is not None and when <= today:
            due[docname] = when
    return due
