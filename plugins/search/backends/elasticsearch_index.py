"""What the Elasticsearch backend stores: analysers, the index mapping, document <-> source.

Text is indexed once, in the field of the document's own language (``title_pl``,
``summary_pl``, ``body_pl``), so a document is analysed with its language's analyser
and nothing else. Languages without an analyser here use the ``_std`` fields.

The analysers are the Elasticsearch language analysers rebuilt as custom analysers
(the recipe of the reference's "language analyzers" page), so that every engine
which accepts the building blocks accepts the index:

- en: apostrophe (drops "'s" and anything after an apostrophe, on both sides, like
  the built-in analyser's possessive stemmer does for possessives; the test server
  mishandles ``possessive_english``), lowercase, English stop words, Porter stemmer.
- de: lowercase, German stop words, German normalisation (ä -> a, ß -> ss), light stemmer.
- tr: apostrophe ("İzmir'deki" -> "İzmir"), Turkish lowercase (İ -> i, I -> ı),
  Turkish stop words, Snowball stemmer, then ASCII folding that keeps the original
  token too, so "kumelenme" typed without Turkish letters still matches.
- bg: lowercase, Bulgarian stop words, Bulgarian light stemmer.
- pl: Elasticsearch's Polish stemmer needs the Stempel plugin, which a cluster may not
  have, so Polish is lowercase, a short list of Polish stop words and ASCII folding
  that keeps the original ("Łódź" matches "lodz" and "łódź"). Inflected forms are left
  to the query side: fuzziness AUTO and prefix matching cover most endings
  ("biotechnologii" ~ "biotechnologia").

A stemmer that the engine does not know is left out (the backend asks the engine once,
see ``stemmers_supported``): real Elasticsearch 8 has them all, the in-memory test
server lacks the Bulgarian one.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from elasticsearch.dsl import Date, Keyword, Mapping, Text, analyzer, token_filter

from .base import SearchDocument

TYPES = ("member", "news", "project")
TEXT_FIELDS = ("title", "summary", "body")
FALLBACK_SUFFIX = "std"
# Longer texts are cut: highlighting fails past the engine's analysed-offset limit
# (1,000,000 characters), and the start of a text is what a snippet shows anyway.
MAX_TEXT_CHARS = 100_000

# Written for this project: frequent Polish function words (no Polish list ships with
# Elasticsearch core).
POLISH_STOP_WORDS = (  # noqa: SIM905 (a sentence of words reads better than 42 lines)
    "a aby ale bez by być czy dla do i ich im jak jest jego jej już lub na nad nie niż "
    "o od oraz po pod przez przy się są tak także te to tu w we z za ze że"
).split()

FOLD_KEEP_ORIGINAL = {"type": "asciifolding", "preserve_original": True}

# language -> (filter chain before stemming, stemmer or None, filters after stemming)
LANGUAGE_CHAINS: dict[str, tuple[list, dict | None, list]] = {
    "en": (
        ["apostrophe", "lowercase", {"type": "stop", "stopwords": "_english_"}],
        {"type": "stemmer", "language": "english"},
        [],
    ),
    "de": (
        ["lowercase", {"type": "stop", "stopwords": "_german_"}, "german_normalization"],
        {"type": "stemmer", "language": "light_german"},
        [],
    ),
    "tr": (
        ["apostrophe", {"type": "lowercase", "language": "turkish"}]
        + [{"type": "stop", "stopwords": "_turkish_"}],
        {"type": "stemmer", "language": "turkish"},
        [FOLD_KEEP_ORIGINAL],
    ),
    "bg": (
        ["lowercase", {"type": "stop", "stopwords": "_bulgarian_"}],
        {"type": "stemmer", "language": "bulgarian"},
        [],
    ),
    "pl": (
        ["lowercase", {"type": "stop", "stopwords": POLISH_STOP_WORDS}],
        None,
        [FOLD_KEEP_ORIGINAL],
    ),
    FALLBACK_SUFFIX: (["lowercase"], None, [FOLD_KEEP_ORIGINAL]),
}

# facet name (base.FACETS) -> keyword field
FACET_FIELDS = {
    "cluster": "cluster",
    "type": "type",
    "kind": "kind",
    "sector": "sector",
    "country": "country",
    "language": "language",
}


def language_suffix(language: str) -> str:
    """The field suffix holding text in ``language``: its code, or "std" without an analyser."""
    return language if language in LANGUAGE_CHAINS else FALLBACK_SUFFIX


def language_fields(language: str) -> dict[str, str]:
    """{"title": "title_pl", ...} for the fields holding text in ``language``."""
    suffix = language_suffix(language)
    return {name: f"{name}_{suffix}" for name in TEXT_FIELDS}


def stemmer_definitions() -> dict[str, dict]:
    """language -> stemmer filter definition, for the languages that stem."""
    return {lang: chain[1] for lang, chain in LANGUAGE_CHAINS.items() if chain[1]}


def _filter(lang: str, position: int, definition):
    if isinstance(definition, str):
        return definition  # a built-in filter, used by name
    return token_filter(f"clusterweb_{lang}_{position}", **definition)


def language_analyzer(lang: str, *, with_stemmer: bool = True):
    before, stemmer, after = LANGUAGE_CHAINS[lang]
    chain = [*before, *([stemmer] if stemmer and with_stemmer else []), *after]
    filters = [_filter(lang, position, item) for position, item in enumerate(chain)]
    return analyzer(f"clusterweb_{lang}", tokenizer="standard", filter=filters)


def index_mapping(*, stemmer_supported: Callable[[str], bool]) -> Mapping:
    """The mapping of every type's index (the indices differ by name, not by mapping)."""
    mapping = Mapping()
    mapping.meta("dynamic", "strict")
    for name in ("id", "object_id", "object_key", "type", "cluster", "language"):
        mapping.field(name, Keyword())
    for name in ("kind", "sector", "country", "city"):
        mapping.field(name, Keyword())
    mapping.field("url", Keyword(index=False))
    mapping.field("date", Date())
    for lang in LANGUAGE_CHAINS:
        lang_analyzer = language_analyzer(lang, with_stemmer=stemmer_supported(lang))
        for name in TEXT_FIELDS:
            mapping.field(f"{name}_{lang}", Text(analyzer=lang_analyzer))
    return mapping


def object_key(*, cluster: str, doc_type: str, object_id: str) -> str:
    """One object, all its languages: what search collapses on."""
    return f"{cluster}|{doc_type}|{object_id}"


def document_source(document: SearchDocument) -> dict:
    """The indexed JSON of ``document``; empty facet values are left out (no empty bucket)."""
    source = {
        "id": document.id,
        "object_id": document.object_id,
        "object_key": object_key(
            cluster=document.cluster, doc_type=document.type, object_id=document.object_id
        ),
        "type": document.type,
        "cluster": document.cluster,
        "language": document.language,
        "url": document.url,
        "date": document.date.isoformat() if document.date else None,
        "kind": document.kind or None,
        "sector": [sector for sector in document.sectors if sector],
        "country": document.country or None,
        "city": document.city or None,
    }
    for name, field in language_fields(document.language).items():
        source[field] = getattr(document, name)[:MAX_TEXT_CHARS]
    return source


def source_document(source: dict) -> SearchDocument:
    fields = language_fields(source["language"])
    date = source.get("date")
    return SearchDocument(
        id=source["id"],
        object_id=source["object_id"],
        type=source["type"],
        cluster=source["cluster"],
        language=source["language"],
        title=source.get(fields["title"]) or "",
        url=source.get("url") or "",
        summary=source.get(fields["summary"]) or "",
        body=source.get(fields["body"]) or "",
        date=datetime.date.fromisoformat(date[:10]) if date else None,
        kind=source.get("kind") or "",
        sectors=tuple(source.get("sector") or ()),
        country=source.get("country") or "",
        city=source.get("city") or "",
    )
