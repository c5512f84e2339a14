"""The database backend's own machinery: FTS5 on SQLite, tsvector + GIN on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plugins.search.backends import database
from plugins.search.backends.base import SearchQuery
from plugins.search.backends.database import DatabaseSearchBackend
from plugins.search.backends.database_facets import matches_statement
from plugins.search.backends.fulltext import FTS_TABLE, PostgresFullText, SqliteFullText
from plugins.search.models import FacetGroup, IndexedDocument, IndexedDocumentSector

from .conftest import doc, query, titles

pytestmark = pytest.mark.django_db
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite FTS5")
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL")


@pytest.fixture
def backend(db):
    backend = DatabaseSearchBackend({})
    backend.rebuild([])
    return backend


def fts_rowids() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT rowid FROM {FTS_TABLE}")  # noqa: S608
        return {row[0] for row in cursor.fetchall()}


@sqlite_only
def test_the_fts5_table_follows_every_write(backend):
    backend.documents_index([doc("One", object_id="a"), doc("Two", object_id="b")])
    assert fts_rowids() == set(IndexedDocument.objects.values_list("pk", flat=True))
    backend.documents_index([doc("One again", object_id="a")])
    assert len(fts_rowids()) == 2
    backend.objects_delete(cluster="testland", object_ids=["a"])
    assert fts_rowids() == set(IndexedDocument.objects.values_list("pk", flat=True))
    backend.rebuild([])
    assert fts_rowids() == set()


@sqlite_only
def test_stray_fts_rows_never_become_results(backend):
    backend.documents_index([doc("Genome", object_id="a")])
    with connection.cursor() as cursor:
        sql = f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) VALUES (%s, %s, '', '')"  # noqa: S608
        cursor.execute(sql, [987654, "genome"])
    assert titles(backend.search(query("genome"))) == ["Genome"]


@sqlite_only
def test_user_text_is_quoted_for_match():
    assert SqliteFullText().match_expression(["NEAR", 'a"b', "c"]) == '"NEAR" "a""b" "c"*'


@sqlite_only
def test_diacritics_are_folded_on_sqlite(backend):
    backend.documents_index([doc("İzmir Biyoteknoloji", language="en", object_id="a")])
    assert titles(backend.search(query("izmir", language="en"))) == ["İzmir Biyoteknoloji"]


@postgres_only
def test_the_gin_index_answers_the_full_text_condition(backend):
    # Many documents in the visitor's language, few matching: the planner should
    # find the matches through the GIN index rather than check every row.
    documents = [doc(f"Cell line {n}", body="culture medium") for n in range(3000)]
    documents += [doc(f"Genome {n}", body="sequencing") for n in range(5)]
    backend.documents_index(documents)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_indexeddocument")
        # On a table this small the planner may still prefer a sequential scan; with
        # it priced out, the plan shows whether the condition *can* use the index
        # (a condition the index does not answer would still be a Seq Scan).
        cursor.execute("SET LOCAL enable_seqscan = off")
    search = SearchQuery(text="genome", language="pl")
    engine, languages = PostgresFullText(), ["pl", "en"]
    matched = backend._candidates(search, {}).filter(
        search_vector=engine.tsquery(["genome"], languages)
    )
    plan = matched.explain()
    assert "search_doc_vector_gin" in plan, plan
    assert matched.count() == 5
    # The statement that counts the facets finds the matches through it too.
    sql, params = matches_statement(engine.grouped(["genome"], languages=languages))
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "search_doc_vector_gin" in plan, plan


@postgres_only
def test_vectors_are_weighted_and_use_the_documents_language(backend):
    backend.documents_index(
        [
            doc("Studies of cells", language="en", object_id="a", summary="tumours"),
            doc("Badania komórek", language="pl", object_id="b"),
        ]
    )
    english = IndexedDocument.objects.get(language="en")
    assert english.fts_config == "english"
    assert "'studi':1A" in english.search_vector
    assert "'tumour':4B" in english.search_vector
    # English stemming: "study" finds "studies".
    assert titles(backend.search(query("study", language="en"))) == ["Studies of cells"]
    assert IndexedDocument.objects.get(language="pl").fts_config == "simple"


@postgres_only
def test_per_language_configurations_exist():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cfgname FROM pg_ts_config")
        configs = {row[0] for row in cursor.fetchall()}
    assert {"english", "german", "turkish", "simple"} <= configs


def test_sectors_are_rows_that_count_on_every_database(backend):
    backend.documents_index([doc("Pharma", sectors=("pharmacy", "pharmacy", "medtech"))])
    assert sorted(IndexedDocumentSector.objects.values_list("sector", flat=True)) == [
        "medtech",
        "pharmacy",
    ]


def test_deleting_many_objects_goes_in_batches(backend):
    backend.documents_index([doc(f"Cell {n}", object_id=f"o{n}") for n in range(1200)])
    backend.objects_delete(cluster="testland", object_ids=[f"o{n}" for n in range(1100)])
    assert IndexedDocument.objects.count() == 100
    assert backend.search(query("cell")).total == 100


def test_the_counts_per_cluster_type_and_language(backend):
    backend.documents_index(
        [doc("A"), doc("B", cluster="kiel", language="de", type="member"), doc("C", language="en")]
    )
    counts = backend.document_counts()
    assert counts["cluster"] == {"testland": 2, "kiel": 1}
    assert counts["type"] == {"news": 2, "member": 1}
    assert counts["language"] == {"pl": 1, "de": 1, "en": 1}


def test_control_characters_and_markers_never_reach_the_index(backend):
    backend.documents_index([doc("Null\x00byte \ue000marker\ue001", summary="bell\x07")])
    stored = IndexedDocument.objects.get()
    assert "\x00" not in stored.title and "\ue000" not in stored.title
    assert "\x07" not in stored.summary
    assert titles(backend.search(query("marker"))) == ["Null byte  marker "]


def queries_of(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def cells(n: int) -> list:
    return [
        doc(f"Cell {i}", object_id=f"o{i}", type="member", kind="company",
            sectors=("pharmacy", "medtech"), country="PL")
        for i in range(n)
    ]  # fmt: skip


def test_a_rebuild_writes_each_batch_in_four_queries(backend, monkeypatch):
    # Into the emptied index: the stored documents of the batch's objects (an earlier
    # batch may have held another language of one), the rows (their ids come back), the
    # sectors, the full text; nothing deleted that cannot be there.
    monkeypatch.setattr(database, "BATCH_SIZE", 10)
    two_batches = queries_of(lambda: backend.rebuild(cells(20)))
    five_batches = queries_of(lambda: backend.rebuild(cells(50)))
    assert five_batches - two_batches == 3 * 4
    assert backend.search(query("cell", language="pl")).total == 50


def test_a_rebuild_with_an_id_twice_keeps_the_last_version(backend, monkeypatch):
    monkeypatch.setattr(database, "BATCH_SIZE", 2)
    documents = [doc("Old cell", object_id="a"), doc("Other", object_id="b")]
    documents += [doc("New cell", object_id="a", sectors=("medtech",))]
    assert backend.rebuild(documents) == 3
    results = backend.search(query("cell"))
    assert titles(results) == ["New cell"]
    assert results.facets["sector"] == {"medtech": 1}
    assert IndexedDocument.objects.count() == 2


def test_a_rebuild_settles_an_object_whose_languages_are_in_different_batches(backend, monkeypatch):
    monkeypatch.setattr(database, "BATCH_SIZE", 2)
    documents = [doc("Enzyme centre", object_id="a", language="en")]
    documents += [doc(f"Other {n}", object_id=f"o{n}") for n in range(3)]
    documents += [doc("Centrum enzymów", object_id="a", language="pl")]
    backend.rebuild(documents)
    results = backend.search(query("enzym", language="pl"))
    assert (titles(results), results.total) == (["Centrum enzymów"], 1)
    assert set(
        FacetGroup.objects.filter(cluster="testland").values_list("object_languages", flat=True)
    ) >= {"en pl"}


def test_indexing_takes_the_same_queries_for_each_batch(backend, monkeypatch):
    monkeypatch.setattr(database, "BATCH_SIZE", 10)
    backend.documents_index(cells(1))  # its facet group exists: each write reads it once
    one, two, three = (
        queries_of(lambda n=n: backend.documents_index(cells(n))) for n in (10, 20, 30)
    )
    assert three - two == two - one <= 8


def test_a_search_with_facets_takes_the_same_queries_for_a_bigger_index(backend):
    def counted(**filters) -> int:
        return queries_of(lambda: backend.search(query("cell", language="pl", **filters)))

    backend.documents_index(cells(5))
    plain, filtered = counted(), counted(type="member", sector="pharmacy")
    backend.documents_index(cells(60))
    assert (counted(), counted(type="member", sector="pharmacy")) == (plain, filtered)
    # One statement counts the total and every facet, filtered or not.
    assert filtered == plain


@sqlite_only
def test_facets_are_counted_from_the_narrow_group_index(backend):
    # The count walks the full-text matches and looks each up in search_doc_group (id,
    # language, facet group): never the wide rows nor the sectors, never a MATCH per row.
    backend.documents_index(cells(30))
    grouped = SqliteFullText().grouped(["cell"], languages=["en", "pl"])
    sql, params = matches_statement(grouped)
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    assert f"SCAN {FTS_TABLE} VIRTUAL TABLE" in plan, plan
    assert "SEARCH d USING COVERING INDEX search_doc_group" in plan, plan
    assert "search_indexeddocumentsector" not in plan, plan


def grouped_plans(search: SearchQuery, explain: str) -> list[str]:
    """The plan of every grouping statement a search runs (the counts)."""
    with CaptureQueriesContext(connection) as captured:
        DatabaseSearchBackend({}).search(search)
    plans = []
    with connection.cursor() as cursor:
        for statement in captured:
            if "GROUP BY" in statement["sql"]:
                cursor.execute(explain + statement["sql"])
                plans.append("\n".join(str(row[-1]) for row in cursor.fetchall()))
    return plans


FILTERS = [
    {},
    {"type": "member"},
    {"sector": "pharmacy"},
    {"cluster": "testland", "kind": "company", "country": "PL", "sector": "medtech"},
]


@sqlite_only
def test_filtered_facets_are_counted_with_the_plan_of_the_unfiltered_search(backend):
    # The filters apply to the groups, never to the statement: every search counts
    # through the narrow index with one plan, and the filtered facets take no statement
    # of their own.
    backend.documents_index(cells(30))
    plans = [
        grouped_plans(query("cell", language="en", **filters), "EXPLAIN QUERY PLAN ")
        for filters in FILTERS
    ]
    assert all(plan == plans[0] for plan in plans), plans
    [plan] = plans[0]
    assert "COVERING INDEX search_doc_group" in plan, plan


@postgres_only
def test_filtered_facets_are_counted_from_the_gin_matches(backend):
    # The filters never reach the statement: every search counts through the GIN index
    # with the plan of the unfiltered one, and nothing else is grouped.
    others = [doc(f"Line {n}", object_id=f"x{n}", body="culture medium") for n in range(3000)]
    backend.documents_index(others + cells(5))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_indexeddocument")
        cursor.execute("SET LOCAL enable_seqscan = off")  # as above: can the index answer?
    plans = [grouped_plans(query("cell", **filters), "EXPLAIN ") for filters in FILTERS]
    assert all(plan == plans[0] for plan in plans), plans
    [plan] = plans[0]
    assert "search_doc_vector_gin" in plan, plan


def test_sector_counts_follow_a_document_rewritten_with_other_sectors(backend):
    backend.documents_index([doc("Cell", object_id="a", sectors=("medtech", "pharmacy"))])
    backend.documents_index([doc("Cell", object_id="a", sectors=("food",))])
    results = backend.search(query("cell"))
    assert results.facets["sector"] == {"food": 1}
    assert results.hits[0].document.sectors == ("food",)
    assert IndexedDocument.objects.get().sector_key == "food"
