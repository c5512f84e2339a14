"""Reading the admin's listing tables in tests."""

import re


def compact(html: str) -> str:
    """The HTML without the whitespace around tags."""
    return re.sub(r"\s*(<|>)\s*", r"\1", html)


def listing(html: str) -> str:
    html = compact(html)
    start = html.index('<table class="listing')
    return html[start : html.index("</table>", start)]


def headers(html: str) -> list[str]:
    head = listing(html).split("<tbody>")[0]
    return re.findall(r"<th[^>]*>(?:<a[^>]*>)?([^<]+)<", head)


def rows(html: str) -> list[str]:
    return re.findall(r"<tr\b.*?</tr>", listing(html).split("<tbody>", 1)[1], re.S)


def row_of(html: str, title: str) -> str:
    """The one listing row whose title cell links ``title``."""
    matching = [row for row in rows(html) if re.search(rf"<a [^>]*>{re.escape(title)}</a>", row)]
    assert len(matching) == 1, f"{len(matching)} rows for {title!r}"
    return matching[0]
