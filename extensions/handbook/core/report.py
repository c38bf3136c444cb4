"""The content report as data, and the one paragraph a build ends with (pure).

``web/report.py`` makes the data from the build; the live preview and ``./dev html``
print :func:`summary_text` of the ``report.json`` the build wrote.
"""

from __future__ import annotations

from pathlib import Path


def summary_text(data: dict, outdir: Path) -> str:
    parts = [f"handbook: {data['posts']} posts"]
    if data["problems"]:
        parts.append(f"{data['posts_with_problems']} with problems ({len(data['problems'])} in all): see "
                     f"{outdir / 'report.html'} or run ./dev check")
    else:
        parts.append("no problems")
    due = data.get("due", [])
    if due:
        parts.append(f"{len(due)} due for review (./dev check --due)")
    caught = data["catch_all"]["posts"]
    if caught:
        parts.append(f"the catch-all chapter '{data['catch_all']['title']}' took {len(caught)} whose tags no "
                     f"chapter takes: {', '.join(caught[:5])}{' ...' if len(caught) > 5 else ''}")
    return "; ".join(parts) + f". Open {outdir / 'index.html'}."
