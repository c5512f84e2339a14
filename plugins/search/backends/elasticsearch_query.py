"""The search request of the Elasticsearch backend, and reading its answer.

Query safety: the visitor's text is reduced to words (``query_words``: letters and
digits, at most 16 words from the first 200 characters), and the words only reach
``multi_match`` queries, which analyse them as plain text. No query parser ever sees
the text, so ``*:*``, ``title:(a OR b)`` and stray quotes are words or nothing. No
word, no request: the results are empty.

Matching (the semantics of the database backend): a document matches when every word
is in its title, summary or body, the last word also as a prefix (search as you
type). Each word tolerates typos (fuzziness AUTO: one edit from 3 letters, two from
6). Fields: title^3, summary^2, body of each searched language; exact phrases get a
bonus. A word that the language's analyser drops (a stop word) does not exclude.

Language: the visitor's language and English are searched (a ``language`` filter
searches that language only). A constant score lifts the visitor's language above
English, and the hits collapse on the object, so each object appears once: in the
visitor's language when it has it, else in English, the visitor's language first.
(Filtering on {visitor, en} and collapsing takes one request; deduplicating by hand
would break paging and totals.) Totals and facet counts count objects (a cardinality
of the object key), not documents: an object in two languages counts once.

Facets: the facet filters go into ``post_filter``; each facet's counts come from a
filter aggregation holding the query and every *other* facet's filter. So counts
follow the query and the other filters, and a chosen value's siblings keep their
counts (the visitor can switch value).
"""

from __future__ import annotations

import re
import unicodedata

import nh3
from django.utils.html import escape
from django.utils.text import Truncator
from elasticsearch.dsl import A, Q, Search

from .base import FACETS, SearchHit, SearchQuery, SearchResults
from .elasticsearch_index import FACET_FIELDS, language_fields, source_document

FALLBACK_LANGUAGE = "en"
MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16
WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# Words that query languages read as operators; dropped, as the database backend does.
OPERATOR_WORDS = frozenset({"and", "or", "not", "near", "to"})
MAX_FILTER_CHARS = 200
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000  # index.max_result_window's default: from + size beyond it fails
FACET_SIZE = 50
LANGUAGE_TIER = 1000.0  # above any text score: the visitor's language comes first
FIELD_BOOSTS = {"title": 3, "summary": 2, "body": 1}
SNIPPET_CHARS = 180
SNIPPET_FROM = ("summary", "body")  # in this order


def query_words(text: str) -> list[str]:
    """The searchable words of the visitor's text: letters and digits (apostrophes inside
    a word kept: "İzmir'deki"), no operator words, at most MAX_QUERY_TERMS words taken from
    the first MAX_QUERY_CHARS characters. Everything else (``*:()"~^/``, control
    characters) is dropped, so nothing the visitor types can be read as query syntax."""
    text = unicodedata.normalize("NFC", text[: MAX_QUERY_CHARS * 4]).strip()[:MAX_QUERY_CHARS]
    words = [word for word in WORD.findall(text) if word.casefold() not in OPERATOR_WORDS]
    return words[:MAX_QUERY_TERMS]


def query_languages(query: SearchQuery) -> list[str]:
    """The languages searched: a language filter's value, else the visitor's and English."""
    chosen = (query.filters or {}).get("language")
    if isinstance(chosen, str) and chosen.strip():
        return [chosen.strip()[:MAX_FILTER_CHARS]]
    return list(dict.fromkeys([query.language or FALLBACK_LANGUAGE, FALLBACK_LANGUAGE]))


def facet_filters(filters: dict) -> dict[str, Q]:
    """facet name -> term query, for the known facets with a usable value."""
    out = {}
    for name, value in (filters or {}).items():
        if name in FACETS and isinstance(value, str) and value.strip():
            out[name] = Q("term", **{FACET_FIELDS[name]: value.strip()[:MAX_FILTER_CHARS]})
    return out


def _text_fields(languages: list[str]) -> list[str]:
    return [
        f"{field}^{FIELD_BOOSTS[name]}"
        for language in languages
        for name, field in language_fields(language).items()
    ]


def _word_query(word: str, fields: list[str], *, last: bool) -> Q:
    # zero_terms_query "all": a stop word of one language (the analyser removes it)
    # must not exclude the documents of that language.
    fuzzy = Q(
        "multi_match",
        query=word,
        fields=fields,
        type="best_fields",
        operator="and",
        fuzziness="AUTO",
        prefix_length=1,
        max_expansions=50,
        zero_terms_query="all",
    )
    if not last:
        return fuzzy
    prefix = Q("multi_match", query=word, fields=fields, type="bool_prefix", operator="and")
    return Q("bool", should=[fuzzy, prefix], minimum_should_match=1)


def _text_query(words: list[str], languages: list[str]) -> Q:
    """Every word matches (typos allowed; the last word also as a prefix) in any text
    field; at least one word really matches (not only stop words); phrases rank higher."""
    fields = _text_fields(languages)
    text = " ".join(words)
    some_word = Q(
        "bool",
        should=[
            Q("multi_match", query=text, fields=fields, fuzziness="AUTO", prefix_length=1),
            Q("multi_match", query=text, fields=fields, type="bool_prefix"),
        ],
        minimum_should_match=1,
    )
    return Q(
        "bool",
        must=[_word_query(word, fields, last=i == len(words) - 1) for i, word in enumerate(words)],
        filter=[some_word],
        should=[Q("multi_match", query=text, fields=fields, type="phrase", boost=2)],
    )


def _base_query(words: list[str], query: SearchQuery) -> Q:
    languages = query_languages(query)
    base = Q("bool", must=[_text_query(words, languages)], filter=[Q("terms", language=languages)])
    if len(languages) > 1:
        tier = Q("constant_score", filter=Q("term", language=languages[0]), boost=LANGUAGE_TIER)
        base = Q("bool", must=[base], should=[tier])
    return base


def _all_of(queries: list[Q]) -> Q:
    return Q("bool", filter=queries) if queries else Q("match_all")


def _facet_aggs(search: Search, filters: dict[str, Q]) -> None:
    for facet in FACETS:
        others = [query for name, query in filters.items() if name != facet]
        bucket = search.aggs.bucket(f"facet_{facet}", A("filter", filter=_all_of(others)))
        values = bucket.bucket(
            "values", "terms", field=FACET_FIELDS[facet], size=FACET_SIZE, order={"objects": "desc"}
        )
        values.metric("objects", "cardinality", field="object_key", precision_threshold=1000)
    total = search.aggs.bucket("total", A("filter", filter=_all_of(list(filters.values()))))
    total.metric("objects", "cardinality", field="object_key", precision_threshold=40_000)


def _highlight(search: Search, languages: list[str]) -> Search:
    """Snippets from summary and body (the title is shown anyway)."""
    fields = [language_fields(language)[name] for language in languages for name in SNIPPET_FROM]
    return search.highlight_options(
        pre_tags=["<mark>"], post_tags=["</mark>"], encoder="html"
    ).highlight(*fields, number_of_fragments=1, fragment_size=SNIPPET_CHARS)


def page_window(query: SearchQuery) -> tuple[int, int]:
    """(from, size); size 0 past the engine's result window (totals and facets still come)."""
    size = min(max(int(query.page_size or 0), 1), MAX_PAGE_SIZE)
    start = (max(int(query.page or 1), 1) - 1) * size
    if start + size > MAX_RESULT_WINDOW:
        return 0, 0
    return start, size


def search_build(search: Search, query: SearchQuery) -> Search | None:
    """``search`` (bound to the client and aliases) with the whole request for ``query``;
    None when the text has no searchable word (no results, no request)."""
    words = query_words(query.text or "")
    if not words:
        return None
    filters = facet_filters(query.filters)
    start, size = page_window(query)
    search = search.query(_base_query(words, query))
    if filters:
        search = search.post_filter(_all_of(list(filters.values())))
    _facet_aggs(search, filters)
    search = _highlight(search, query_languages(query))
    search = search.sort("_score", {"date": {"order": "desc", "missing": "_last"}}, "id")
    search = search.extra(collapse={"field": "object_key"}, from_=start, size=size)
    return search.params(ignore_unavailable=True, allow_no_indices=True)


def _snippet(highlight: dict, document) -> str:
    fields = language_fields(document.language)
    for name in SNIPPET_FROM:
        fragments = highlight.get(fields[name]) or []
        if fragments:
            # The engine escapes the text (encoder "html"); cleaning again keeps the
            # snippet safe even on an engine that does not.
            return nh3.clean(fragments[0], tags={"mark"}, attributes={})
    return escape(Truncator(document.summary).chars(SNIPPET_CHARS))


def results_read(body: dict, query: SearchQuery) -> SearchResults:
    aggs = body.get("aggregations") or {}
    hits = []
    tiered = len(query_languages(query)) > 1
    for hit in (body.get("hits") or {}).get("hits") or []:
        document = source_document(hit["_source"])
        score = float(hit.get("_score") or 0.0)
        if tiered and document.language == query.language:
            score -= LANGUAGE_TIER  # report the text score only
        hits.append(SearchHit(document, score, _snippet(hit.get("highlight") or {}, document)))
    facets = {
        facet: {
            str(bucket["key"]): int(bucket["objects"]["value"])
            for bucket in aggs.get(f"facet_{facet}", {}).get("values", {}).get("buckets", [])
        }
        for facet in FACETS
    }
    total = int(aggs.get("total", {}).get("objects", {}).get("value", 0))
    return SearchResults(hits=hits, total=total, facets=facets)
