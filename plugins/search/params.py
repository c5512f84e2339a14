"""Reading a search request's GET parameters, for the search page and the API alike.

Decisions (tested in tests/plugins/search/test_bad_queries.py):
- ``q`` longer than ``MAX_QUERY_LENGTH`` characters after trimming: the API answers
  400 ``query_too_long``; the page searches the first 200 characters and says so.
- ``q`` without letters or digits (only punctuation): no results and a hint.
- a facet value that cannot exist (unknown, or characters no slug has): no results,
  not an error.
- ``page`` not a whole number from 1 to ``MAX_PAGE``: the API answers 400
  ``invalid_page``; the page answers 404. A page after the last is empty (API) or 404.
- a parameter given twice: the API answers 400 ``repeated_parameter``; the page uses
  the last value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .backends.base import MAX_QUERY_LENGTH, query_terms

# Query parameter -> facet of the backend interface.
PARAM_FACETS = {
    "type": "type",
    "cluster": "cluster",
    "kind": "kind",
    "sector": "sector",
    "country": "country",
    "lang": "language",
}
FACET_PARAMS = {facet: param for param, facet in PARAM_FACETS.items()}
# Search engines' default result windows end at 10,000 results (page * page size).
MAX_PAGE = 500
_VALUE = re.compile(r"^[-\w]{1,100}$")


class SearchParamError(ValueError):
    """A parameter the API rejects with 400; ``code`` is stable, ``message`` is for people."""

    def __init__(self, code: str, message: str, parameter: str):
        super().__init__(message)
        self.code = code
        self.message = str(message)
        self.parameter = parameter


@dataclass
class SearchRequest:
    text: str = ""  # what is searched (trimmed, possibly shortened)
    terms: list[str] = field(default_factory=list)
    filters: dict[str, str] = field(default_factory=dict)  # facet -> value
    page: int = 1
    shortened: bool = False
    # A filter value no document can have: answer "no results" without searching.
    impossible: bool = False

    @property
    def searchable(self) -> bool:
        return bool(self.terms) and not self.impossible


def search_request_parse(*, params, strict: bool) -> SearchRequest:
    """A ``SearchRequest`` from a QueryDict; ``strict`` (the API) raises SearchParamError
    where the page is lenient (see the module's docstring)."""
    request = SearchRequest()
    text = _single(params, "q", strict=strict).strip()
    if len(text) > MAX_QUERY_LENGTH:
        if strict:
            raise SearchParamError(
                "query_too_long",
                _("The search text may have at most %(limit)d characters.")
                % {"limit": MAX_QUERY_LENGTH},
                "q",
            )
        text, request.shortened = text[:MAX_QUERY_LENGTH], True
    request.text = text
    request.terms = query_terms(text)
    for param, facet in PARAM_FACETS.items():
        value = _single(params, param, strict=strict).strip()
        if not value:
            continue
        if not _VALUE.match(value):
            request.impossible = True
            continue
        request.filters[facet] = value.upper() if facet == "country" else value.lower()
    request.page = _page(_single(params, "page", strict=strict))
    return request


def _single(params, name: str, *, strict: bool) -> str:
    values = params.getlist(name)
    if strict and len(values) > 1:
        raise SearchParamError(
            "repeated_parameter", _("Give the parameter %(name)s once.") % {"name": name}, name
        )
    return values[-1] if values else ""


def _page(value: str) -> int:
    value = value.strip()
    if not value:
        return 1
    if value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= MAX_PAGE:
        return int(value)
    raise SearchParamError(
        "invalid_page",
        _("The page must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE},
        "page",
    )
