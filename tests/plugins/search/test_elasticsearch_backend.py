"""The Elasticsearch backend over HTTP, against a real server process.

By default the session starts osmem-server (an in-memory OpenSearch-compatible server
from PyPI, in the test extras) on a free loopback port. With ELASTICSEARCH_URL set the
tests run against that server instead, e.g. a real Elasticsearch 8:

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/pytest tests/plugins/search

Every test writes under its own index prefix and deletes its indices afterwards.
"""

from __future__ import annotations

import datetime
import json
import socket

import pytest
from elasticsearch import Elasticsearch

from plugins.search.backends.base import SearchBackendError, SearchDocument, SearchQuery
from plugins.search.backends.elasticsearch import ElasticsearchSearchBackend

from .conftest import backend_make


def indices_of(backend: ElasticsearchSearchBackend) -> set[str]:
    found = backend.client.indices.get(index=f"{backend.index_prefix}-*", allow_no_indices=True)
    return set(found.body)


@pytest.fixture
def backend(engine):
    backend = backend_make(engine, BATCH_SIZE=2)
    yield backend
    names = indices_of(backend)
    if names:
        backend.client.indices.delete(index=",".join(sorted(names)))


def doc(object_id, language, title, *, type="news", cluster="lublin", **fields):  # noqa: A002
    return SearchDocument(
        id=f"{cluster}:{object_id}:{language}",
        object_id=object_id,
        type=type,
        cluster=cluster,
        language=language,
        title=title,
        url=f"https://{cluster}.example/{language}/{type}/{object_id}/",
        **fields,
    )


def search(backend, text, language="en", **kwargs):
    return backend.search(SearchQuery(text=text, language=language, **kwargs))


def ids(results):
    return [hit.document.id for hit in results.hits]


# -- indexing and languages ---------------------------------------------------------

LANGUAGE_DOCS = [
    doc("1", "en", "Biotechnology laboratories open their doors", summary="Visits for schools"),
    doc("2", "pl", "Łódzkie spotkanie klastrów", summary="Spotkanie firm z regionu"),
    doc("3", "de", "Neue Häuser für die Wirtschaftsförderung", summary="Ein Überblick"),
    doc("4", "tr", "İzmir'deki kümelenmeler", summary="Bölgesel işbirliği"),
    doc("5", "bg", "Технологични клъстери в София", summary="Среща на фирми"),
]


def test_index_returns_count_and_round_trips_every_field(backend):
    dated = doc(
        "9",
        "en",
        "Member with every field",
        type="member",
        summary="Summary",
        body="Body text",
        date=datetime.date(2024, 5, 17),
        kind="company",
        sectors=("energy", "food"),
        country="PL",
        city="Lublin",
    )
    assert backend.documents_index([*LANGUAGE_DOCS, dated]) == 6
    [hit] = search(backend, "every field").hits
    assert hit.document == dated


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        ("en", "laboratory", "lublin:1:en"),  # English stemming: laboratories -> laboratori
        ("pl", "lodzkie klastry", "lublin:2:pl"),  # no Polish letters typed: folded
        ("pl", "klastrów", "lublin:2:pl"),
        ("de", "haus wirtschaftsforderung", "lublin:3:de"),  # light stemmer + normalisation
        ("tr", "izmir kümelenme", "lublin:4:tr"),  # apostrophe, Turkish İ
        ("tr", "kumelenmeler", "lublin:4:tr"),  # typed without Turkish letters
        ("bg", "клъстери", "lublin:5:bg"),
    ],
)
def test_each_language_is_analysed_with_its_analyser(backend, language, text, expected):
    backend.documents_index(LANGUAGE_DOCS)
    assert ids(search(backend, text, language))[:1] == [expected]


def test_documents_are_sent_in_batches(backend, monkeypatch):
    calls = []
    original = Elasticsearch.bulk

    def bulk_spy(self, *args, **kwargs):
        calls.append(len(kwargs["operations"]))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Elasticsearch, "bulk", bulk_spy)
    assert backend.documents_index(LANGUAGE_DOCS) == 5
    assert calls == [4, 4, 2]  # BATCH_SIZE 2: action + source lines per document


def test_reindexing_a_document_replaces_it(backend):
    backend.documents_index([doc("1", "en", "Old title")])
    backend.documents_index([doc("1", "en", "New title")])
    results = search(backend, "title")
    assert [hit.document.title for hit in results.hits] == ["New title"]


def test_writes_never_create_an_index_in_place_of_an_alias(backend):
    backend.documents_index([doc("1", "en", "First")])
    backend.client.indices.delete(index=",".join(sorted(indices_of(backend))))  # by hand
    assert backend.documents_index([doc("2", "en", "Second")]) == 0  # refused, logged
    assert not backend.client.indices.exists(index=backend.alias("news"))
    assert backend.documents_index([doc("3", "en", "Third")]) == 1  # aliases made again
    assert backend.client.indices.exists_alias(name=backend.alias("news"))
    assert ids(search(backend, "third")) == ["lublin:3:en"]


def test_document_counts(backend):
    assert backend.document_counts() == {"cluster": {}, "type": {}, "language": {}}
    backend.documents_index(FACET_DOCS)
    assert backend.document_counts() == {
        "cluster": {"lublin": 4, "kiel": 2},
        "type": {"member": 3, "news": 1, "project": 2},
        "language": {"en": 3, "pl": 2, "de": 1},
    }


def test_unknown_type_is_skipped(backend):
    assert backend.documents_index([doc("1", "en", "Event", type="event")]) == 0
    assert search(backend, "event").total == 0


# -- ranking, typos, prefixes, highlights -------------------------------------------

RANKING_DOCS = [
    doc("body", "en", "Annual report", body="Our biotechnology members grew."),
    doc("title", "en", "Biotechnology in the region", body="An overview."),
    doc("other", "en", "Food processing", body="Dairies and mills."),
]


def test_every_word_must_match_somewhere(backend):
    backend.documents_index(RANKING_DOCS)
    assert ids(search(backend, "annual biotechnology")) == ["lublin:body:en"]
    assert ids(search(backend, "biotechnology dairies")) == []


def test_stop_words_do_not_exclude(backend):
    backend.documents_index(RANKING_DOCS)
    assert ids(search(backend, "the biotechnology", "pl"))[:2] == [
        "lublin:title:en",
        "lublin:body:en",
    ]


def test_title_match_ranks_above_body_match(backend):
    backend.documents_index(RANKING_DOCS)
    assert ids(search(backend, "biotechnology")) == ["lublin:title:en", "lublin:body:en"]


@pytest.mark.parametrize("text", ["biotechnolgy", "biotechnologi", "Biotehcnology"])
def test_typos_still_find_the_word(backend, text):
    backend.documents_index(RANKING_DOCS)
    assert ids(search(backend, text))[:2] == ["lublin:title:en", "lublin:body:en"]


@pytest.mark.parametrize("text", ["biotech", "biotechno", "region biotech"])
def test_the_last_word_matches_as_a_prefix(backend, text):
    backend.documents_index(RANKING_DOCS)
    assert ids(search(backend, text))[0] == "lublin:title:en"


def test_highlight_marks_matches_and_escapes_html(backend):
    backend.documents_index(
        [doc("1", "en", "Robotics", summary="Robotics <script>alert(1)</script> & <b>arms</b>")]
    )
    [hit] = search(backend, "robotics").hits
    assert hit.highlight.startswith("<mark>Robotics</mark> ")
    assert "&lt;b&gt;arms" in hit.highlight and "&amp;" in hit.highlight
    assert "<script>" not in hit.highlight and "<b>" not in hit.highlight


def test_snippet_comes_from_the_body_when_the_summary_does_not_match(backend):
    body = "Intro. " * 100 + "The gripper arms were built in Lublin. " + "Outro. " * 100
    backend.documents_index([doc("1", "en", "Robotics", summary="A summary", body=body)])
    [hit] = search(backend, "gripper").hits
    assert "<mark>gripper</mark>" in hit.highlight and len(hit.highlight) < 300


def test_title_only_match_shows_the_escaped_summary(backend):
    backend.documents_index([doc("1", "en", "Robotics", summary="Arms & <b>hands</b>")])
    [hit] = search(backend, "robotics").hits
    assert hit.highlight == "Arms &amp; &lt;b&gt;hands&lt;/b&gt;"


def test_very_long_body_is_indexed_and_highlighted(backend):
    body = "turbine " + "blade " * 300_000  # 1.8 million characters
    assert backend.documents_index([doc("1", "en", "Long report", body=body)]) == 1
    [hit] = search(backend, "turbine").hits
    assert hit.highlight.startswith("<mark>turbine</mark>")


# -- facets and filters -------------------------------------------------------------

FACET_DOCS = [
    doc("m1", "pl", "Energia dla firm", type="member", kind="company", sectors=("energy",)),
    doc("m1", "en", "Energy for companies", type="member", kind="company", sectors=("energy",)),
    doc("m2", "en", "Energy university", type="member", kind="university", sectors=("energy",)),
    doc("n1", "pl", "Energia z biomasy", type="news", sectors=("energy", "food")),
    doc("p1", "en", "Energy storage project", type="project", cluster="kiel", country="DE"),
    doc("p2", "de", "Energiespeicher", type="project", cluster="kiel", country="DE"),
]


def test_facets_count_objects_matching_the_query(backend):
    backend.documents_index(FACET_DOCS)
    results = search(backend, "energ", "pl")
    # m1 counts once although it exists in pl and en; p2 (de only) is not searched.
    assert results.total == 4
    assert results.facets["type"] == {"member": 2, "news": 1, "project": 1}
    assert results.facets["cluster"] == {"lublin": 3, "kiel": 1}
    assert results.facets["kind"] == {"company": 1, "university": 1}
    assert results.facets["sector"] == {"energy": 3, "food": 1}
    assert results.facets["country"] == {"DE": 1}
    assert results.facets["language"] == {"pl": 2, "en": 3}


def test_filters_narrow_hits_and_the_other_facets(backend):
    backend.documents_index(FACET_DOCS)
    results = search(backend, "energ", "pl", filters={"type": "member"})
    assert sorted(ids(results)) == ["lublin:m1:pl", "lublin:m2:en"]
    assert results.total == 2
    assert results.facets["kind"] == {"company": 1, "university": 1}
    assert results.facets["cluster"] == {"lublin": 2}
    # The filtered facet keeps its other values, so the visitor can switch.
    assert results.facets["type"] == {"member": 2, "news": 1, "project": 1}


def test_two_filters_combine(backend):
    backend.documents_index(FACET_DOCS)
    results = search(backend, "energ", "pl", filters={"sector": "energy", "kind": "company"})
    assert ids(results) == ["lublin:m1:pl"]
    assert results.facets["kind"] == {"company": 1, "university": 1}


def test_unknown_facets_and_values_give_no_error(backend):
    backend.documents_index(FACET_DOCS)
    assert search(backend, "energ", filters={"cluster": "atlantis"}).hits == []
    assert search(backend, "energ", filters={"colour": "red"}).total == 3  # ignored


# -- languages ----------------------------------------------------------------------

FALLBACK_DOCS = [
    doc("both", "pl", "Klaster wodorowy", body="wodór hydrogen"),
    doc("both", "en", "Hydrogen cluster", body="hydrogen"),
    doc("english", "en", "Hydrogen buses"),
    doc("german", "de", "Wasserstoff hydrogen"),
]


def test_visitor_language_first_english_fallback_each_object_once(backend):
    backend.documents_index(FALLBACK_DOCS)
    results = search(backend, "hydrogen", "pl")
    assert ids(results) == ["lublin:both:pl", "lublin:english:en"]
    assert results.total == 2


def test_english_visitors_see_english_documents(backend):
    backend.documents_index(FALLBACK_DOCS)
    assert sorted(ids(search(backend, "hydrogen", "en"))) == [
        "lublin:both:en",
        "lublin:english:en",
    ]


def test_a_language_filter_searches_that_language_only(backend):
    backend.documents_index(FALLBACK_DOCS)
    results = search(backend, "hydrogen", "pl", filters={"language": "de"})
    assert ids(results) == ["lublin:german:de"]
    results = search(backend, "hydrogen", "pl", filters={"language": "en"})
    assert sorted(ids(results)) == ["lublin:both:en", "lublin:english:en"]
    assert results.facets["language"] == {"en": 2}


def test_equal_scores_newest_first(backend):
    backend.documents_index(
        [
            doc("old", "en", "Old news", date=datetime.date(2020, 1, 1)),
            doc("new", "en", "New news", date=datetime.date(2024, 1, 1)),
        ]
    )
    assert ids(search(backend, "news")) == ["lublin:new:en", "lublin:old:en"]


@pytest.mark.parametrize("text", ["", "   ", "!!! ???", "*:*", "AND OR NOT"])
def test_no_words_no_results(backend, text):
    backend.documents_index(FALLBACK_DOCS)
    assert search(backend, text).total == 0


# -- deleting -----------------------------------------------------------------------


def test_objects_delete_removes_every_language_of_the_object(backend):
    backend.documents_index(FALLBACK_DOCS + [doc("both", "en", "Hydrogen", cluster="kiel")])
    backend.objects_delete(cluster="lublin", object_ids=["both"])
    assert sorted(ids(search(backend, "hydrogen", "pl"))) == ["kiel:both:en", "lublin:english:en"]
    assert ids(search(backend, "hydrogen", "de"))[0] == "lublin:german:de"
    assert search(backend, "hydrogen", "de").total == 3


def test_documents_delete_removes_one_language(backend):
    backend.documents_index(FALLBACK_DOCS)
    backend.documents_delete(["lublin:both:pl"])
    assert sorted(ids(search(backend, "hydrogen", "pl"))) == [
        "lublin:both:en",
        "lublin:english:en",
    ]


def test_deleting_before_anything_was_indexed_is_fine(backend):
    backend.objects_delete(cluster="lublin", object_ids=["1"])
    backend.documents_delete(["lublin:1:en"])
    assert search(backend, "anything").total == 0


# -- rebuild ------------------------------------------------------------------------


def test_rebuild_swaps_the_aliases_and_drops_the_old_indices(backend):
    backend.documents_index([doc("old", "en", "Old wind farm", type="project")])
    old_indices = indices_of(backend)
    seen_during_rebuild = []

    def documents():
        yield doc("new", "en", "New wind farm", type="project")
        # Half-way through, readers still get the old index.
        seen_during_rebuild.append(ids(search(backend, "wind")))
        yield doc("m", "en", "Wind member", type="member")

    assert backend.rebuild(documents()) == 2
    assert seen_during_rebuild == [["lublin:old:en"]]
    new_indices = indices_of(backend)
    assert not old_indices & new_indices
    assert len(new_indices) == 3
    for doc_type in ("member", "news", "project"):
        [target] = backend.client.indices.get_alias(name=backend.alias(doc_type)).body
        assert target.startswith(f"{backend.alias(doc_type)}-") and target in new_indices
    assert sorted(ids(search(backend, "wind"))) == ["lublin:m:en", "lublin:new:en"]
    backend.documents_index([doc("later", "en", "Later wind news")])  # writes follow the alias
    assert search(backend, "wind").total == 3


def test_failed_rebuild_keeps_the_old_index(backend):
    backend.documents_index([doc("old", "en", "Old wind farm")])
    old_indices = indices_of(backend)

    def documents():
        yield doc("new", "en", "New wind farm")
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(documents())
    assert indices_of(backend) == old_indices
    assert ids(search(backend, "wind")) == ["lublin:old:en"]


def test_rebuild_of_a_new_cluster_creates_the_aliases(backend):
    assert backend.rebuild([doc("1", "en", "First news")]) == 1
    assert ids(search(backend, "first")) == ["lublin:1:en"]


# -- hostile input and failures -----------------------------------------------------

BAD_TEXTS = [
    "*:*",
    "title:(a OR b)",
    '"abc',
    "a" * 10_000,
    "wind " * 2_000,
    "!!! ??? ... ---",
    "(((",
    "\x00\x1b[31m wind",
    "wind AND NOT farm~2 ^3 /regex/",
    '{"query": {"match_all": {}}}',
]


@pytest.mark.parametrize("text", BAD_TEXTS)
def test_hostile_text_is_plain_text(backend, text):
    backend.documents_index([doc("1", "en", "Wind farm"), doc("2", "en", "Title a or b")])
    results = search(backend, text)
    assert results.total == len(results.hits) <= 2


def test_text_never_reaches_a_query_parser():
    from elasticsearch.dsl import Search

    from plugins.search.backends.elasticsearch_query import MAX_QUERY_CHARS, search_build

    request = search_build(Search(), SearchQuery(text="x:(a OR b) " * 2000, language="pl"))
    body = json.dumps(request.to_dict())
    assert "query_string" not in body  # simple_query_string neither
    texts = {match["query"] for match in _find(request.to_dict(), "multi_match")}
    assert texts and all(len(text) <= MAX_QUERY_CHARS for text in texts)


def _find(node, key):
    if isinstance(node, dict):
        for name, value in node.items():
            if name == key:
                yield value
            yield from _find(value, key)
    elif isinstance(node, list):
        for item in node:
            yield from _find(item, key)


def test_page_past_the_end_is_empty_with_the_total(backend):
    backend.documents_index(RANKING_DOCS)
    results = search(backend, "biotechnology", page=99999)
    assert results.hits == [] and results.total == 2
    assert search(backend, "biotechnology", page=-3, page_size=0).hits  # clamped to page 1


def test_paging(backend):
    backend.documents_index([doc(str(n), "en", f"Wind turbine {n}") for n in range(5)])
    pages = [ids(search(backend, "wind", page=page, page_size=2)) for page in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({id for page in pages for id in page}) == 5


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_engine_down_raises_a_clean_error(engine, caplog):
    down = backend_make(engine, URLS=[f"http://127.0.0.1:{free_port()}"], TIMEOUT=2)
    calls = [
        lambda: search(down, "wind"),
        lambda: down.documents_index([doc("1", "en", "Wind")]),
        lambda: down.documents_delete(["lublin:1:en"]),
        lambda: down.objects_delete(cluster="lublin", object_ids=["1"]),
        lambda: down.rebuild([doc("1", "en", "Wind")]),
    ]
    for call in calls:
        with pytest.raises(SearchBackendError) as raised:
            call()
        assert "127.0.0.1" not in str(raised.value)
    assert "Connection" in caplog.text  # the real error is logged
