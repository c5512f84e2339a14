"""The search page (``/<lang>/search/``), the JSON API and its OpenAPI description."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language, gettext
from django.views.decorators.http import require_safe

from .backends.base import SearchBackendError, SearchResults
from .openapi import openapi_document
from .params import FACET_PARAMS, SearchParamError, search_request_parse
from .selectors import (
    cluster_names,
    facets_for_page,
    result_items,
    search_page_size,
    search_run,
)


@require_safe
def search_page(request):
    language = get_language()
    try:
        parsed = search_request_parse(params=request.GET, strict=False)
    except SearchParamError as exc:
        raise Http404(exc.message) from exc
    status, unavailable = 200, False
    try:
        results = search_run(request=parsed, language=language)
    except SearchBackendError:
        results, status, unavailable = SearchResults(hits=[], total=0, facets={}), 503, True
    page_obj = None
    if results.pageable:
        paginator = Paginator(range(results.pageable), search_page_size())
        if parsed.page > paginator.num_pages:
            raise Http404(gettext("There is no such page of results."))
        page_obj = paginator.page(parsed.page)
    elif parsed.page > 1:
        raise Http404(gettext("There is no such page of results."))
    names = cluster_names(language=language)
    context = {
        "text": parsed.text,
        "parsed": parsed,
        "results": results,
        "items": result_items(results=results, language=language, names=names),
        "facets": facets_for_page(
            results=results,
            request=request,
            filters=parsed.filters,
            language=language,
            names=names,
        ),
        "filters": [(FACET_PARAMS[f], v) for f, v in parsed.filters.items()],
        "page_obj": page_obj,
        "unavailable": unavailable,
        "punctuation_only": bool(parsed.text) and not parsed.terms,
    }
    return render(request, "search/search_page.html", context, status=status)


def _api_error(code: str, message: str, *, parameter: str = "", status: int = 400):
    error = {"code": code, "message": message}
    if parameter:
        error["parameter"] = parameter
    return JsonResponse({"error": error}, status=status)


@require_safe
def search_api(request):
    try:
        parsed = search_request_parse(params=request.GET, strict=True)
    except SearchParamError as exc:
        return _api_error(exc.code, exc.message, parameter=exc.parameter)
    # Without lang: the language negotiated from Accept-Language, English as fallback.
    language = parsed.filters.get("language") or get_language()
    if not parsed.text:
        return _api_error("query_required", "Give the text to search for in q.", parameter="q")
    try:
        results = search_run(request=parsed, language=language)
    except SearchBackendError:
        return _api_error(
            "search_unavailable",
            "Search is unavailable at the moment; try again later.",
            status=503,
        )
    body = {
        "results": [
            _api_result(item, request) for item in result_items(results=results, language=language)
        ],
        "facets": {FACET_PARAMS[name]: counts for name, counts in results.facets.items() if counts},
        "total": results.total,
        "ranked": results.pageable,
        "page": parsed.page,
    }
    if not parsed.terms:
        body["message"] = "The search text has no letters or digits to search for."
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


def _api_result(item, request) -> dict:
    doc = item.document
    url = (
        doc.url
        if doc.url.startswith(("http://", "https://"))
        else request.build_absolute_uri(doc.url)
    )
    return {
        "title": doc.title,
        "url": url,
        "cluster": doc.cluster,
        "type": doc.type,
        "language": doc.language,
        "summary": doc.summary,
        "highlight": item.highlight,
        "date": doc.date.isoformat() if doc.date else None,
        "kind": doc.kind,
        "sectors": list(doc.sectors),
        "country": doc.country,
    }


@require_safe
def openapi_json(request):
    return JsonResponse(openapi_document(), json_dumps_params={"ensure_ascii": False})
