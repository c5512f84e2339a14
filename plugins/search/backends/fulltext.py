"""Full text for the database backend: SQLite FTS5 or PostgreSQL tsvector, by vendor.

Both engines get the visitor's words as ``query_terms`` (letters and digits only)
and quote every term themselves, so no user text ever reaches MATCH or
to_tsquery as syntax. The last term matches as a prefix ("biotec" finds
"biotechnology"). Highlights are marked with two private-use characters that the
index never stores (``text_clean`` removes them), then escaped and turned into
``<mark>`` by ``highlight_html``.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, IntegerField, QuerySet, Subquery, TextField, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, Concat
from django.utils.html import escape

MARK_START, MARK_END = "\ue000", "\ue001"
_UNSTORABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ue000\ue001]")
FTS_TABLE = "search_indexeddocument_fts"
DOCUMENTS_TABLE = "search_indexeddocument"
# bm25 weights of the FTS5 columns (title, summary, body) and PostgreSQL's A/B/C.
FTS_WEIGHTS = (10.0, 4.0, 1.0)
SNIPPET_TOKENS = 24
# PostgreSQL text search configurations per language; others use "simple".
PG_CONFIGS = {"en": "english", "de": "german", "tr": "turkish"}


def text_clean(value: str) -> str:
    """Text as the index may store it: no control characters, no highlight markers."""
    return _UNSTORABLE.sub(" ", value or "")


def highlight_html(marked: str) -> str:
    """Escape a snippet and turn the engine's markers into ``<mark>`` elements."""
    return escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")


def pg_config(language: str) -> str:
    return PG_CONFIGS.get(language, "simple")


def fulltext_engine():
    return PostgresFullText() if connection.vendor == "postgresql" else SqliteFullText()


class SqliteFullText:
    """An FTS5 table holding its own copy of each document's text (rowid = document id)."""

    def match_expression(self, terms: list[str]) -> str:
        quoted = ['"' + term.replace('"', '""') + '"' for term in terms]
        quoted[-1] += "*"
        return " ".join(quoted)

    def write(self, rows: list[tuple[int, str, str, str]]) -> None:
        """(document id, title, summary, body) for each new or changed document."""
        self.delete([row[0] for row in rows])
        self.insert(rows)

    def insert(self, rows: list[tuple[int, str, str, str]]) -> None:
        """Like ``write``, for documents the table cannot hold yet (nothing to delete)."""
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE}(rowid, title, summary, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )

    def delete(self, pks: list[int]) -> None:
        if not pks:
            return
        marks = ", ".join(["%s"] * len(pks))
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", pks)  # noqa: S608

    def clear(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608

    def grouped(self, terms: list[str], *, languages):
        """(sql, params) of (facet_group_id, n) rows: the matching documents of
        ``languages`` per facet group."""
        marks = ", ".join(["%s"] * len(languages))
        # CROSS JOIN: the FTS5 matches first, each looked up in the narrow index
        # search_doc_group (not the wide rows); the other order would re-run the MATCH
        # once per document.
        sql = (
            f"SELECT d.facet_group_id, count(*) AS n "  # noqa: S608
            f"FROM {FTS_TABLE} CROSS JOIN {DOCUMENTS_TABLE} d INDEXED BY search_doc_group "
            f"ON d.id = {FTS_TABLE}.rowid WHERE {FTS_TABLE} MATCH %s AND d.language IN ({marks}) "
            "GROUP BY 1"
        )
        return sql, [self.match_expression(terms), *languages]

    def ranked(self, candidates: QuerySet, terms: list[str], *, offset, limit, languages, window):
        """[(document id, score, highlight HTML)] of one page of matches, best first;
        with ``window``, of the ``window`` most recently indexed matches only."""
        rowid = RawSQL(f"{FTS_TABLE}.rowid", [], IntegerField())  # noqa: S611 (a constant)
        matched = candidates.filter(pk=rowid)
        inner, params = matched.values("pk").query.sql_with_params()
        match = self.match_expression(terms)
        # Only constants and Django's compiled SQL are formatted in; values are parameters.
        # A correlated EXISTS: each match walked is checked against the candidates'
        # conditions by its id, so finding the window stops after `window` of them (an
        # `IN (candidates)` list would first collect every candidate).
        matches = f"FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND EXISTS ({inner})"
        floor, floor_params = "", []
        if window:  # FTS5 walks its rowids backwards; bm25 then scores the window only
            newest = f"SELECT rowid {matches} ORDER BY rowid DESC LIMIT 1 OFFSET %s"
            floor = f"AND rowid >= coalesce(({newest}), 0) "
            floor_params = [match, *params, window - 1]
        snippet = f"snippet({FTS_TABLE}, %s, %s, %s, %s, %s)"
        sql = (
            f"SELECT rowid, -bm25({FTS_TABLE}, %s, %s, %s) AS score, {snippet}, {snippet} "  # noqa: S608
            f"{matches} {floor}ORDER BY score DESC, rowid LIMIT %s OFFSET %s"
        )
        marks = [MARK_START, MARK_END, "…", SNIPPET_TOKENS]
        arguments = [*FTS_WEIGHTS, 1, *marks, 2, *marks, match, *params, *floor_params]
        with connection.cursor() as cursor:
            cursor.execute(sql, [*arguments, limit, offset])
            return [
                (pk, score, highlight_html(_best_snippet(summary, body)))
                for pk, score, summary, body in cursor
            ]


def _best_snippet(summary: str, body: str) -> str:
    """The snippet with the most marked matches; the summary when neither has any."""
    if body.count(MARK_START) > summary.count(MARK_START):
        return body
    return summary or body


class PostgresFullText:
    """A weighted tsvector column per document (title A, summary B, body C) under GIN."""

    def tsquery(self, terms: list[str], languages: list[str]):
        from django.contrib.postgres.search import SearchQuery

        configs, raw = self._tsquery_parts(terms, languages)
        queries = [SearchQuery(raw, config=config, search_type="raw") for config in configs]
        combined = queries[0]
        for query in queries[1:]:
            combined = combined | query
        return combined

    @staticmethod
    def _tsquery_parts(terms: list[str], languages) -> tuple[list[str], str]:
        """(the configurations to parse with, the raw tsquery text)."""
        # Terms are letters and digits only, so quoting them makes plain lexemes.
        lexemes = [f"'{term}'" for term in terms]
        lexemes[-1] += ":*"
        configs = sorted({pg_config(language) for language in languages} | {"simple"})
        return configs, " & ".join(lexemes)

    def write(self, rows: list[tuple[int, str, str, str]]) -> None:
        from django.contrib.postgres.search import SearchVector

        from ..models import IndexedDocument

        config = F("fts_config")
        vector = (
            SearchVector("title", weight="A", config=config)
            + SearchVector("summary", weight="B", config=config)
            + SearchVector("body", weight="C", config=config)
        )
        pks = [row[0] for row in rows]
        IndexedDocument.objects.filter(pk__in=pks).update(search_vector=vector)

    def insert(self, rows: list[tuple[int, str, str, str]]) -> None:
        self.write(rows)

    def delete(self, pks: list[int]) -> None:
        """The vector goes with its row."""

    def clear(self) -> None:
        """The vectors go with their rows."""

    def grouped(self, terms: list[str], *, languages):
        """As ``SqliteFullText.grouped``; the GIN index finds the matches."""
        configs, raw = self._tsquery_parts(terms, languages)
        tsquery = " || ".join(["to_tsquery(%s::regconfig, %s)"] * len(configs))
        marks = ", ".join(["%s"] * len(languages))
        sql = (
            f"SELECT d.facet_group_id, count(*) AS n "  # noqa: S608
            f"FROM {DOCUMENTS_TABLE} d WHERE d.search_vector @@ ({tsquery}) "
            f"AND d.language IN ({marks}) GROUP BY 1"
        )
        tsquery_params = [value for config in configs for value in (config, raw)]
        return sql, [*tsquery_params, *languages]

    def ranked(self, candidates: QuerySet, terms: list[str], *, offset, limit, languages, window):
        from django.contrib.postgres.search import SearchHeadline, SearchRank

        from ..models import IndexedDocument

        query = self.tsquery(terms, languages)
        matches = candidates.filter(search_vector=query)
        if window:  # ts_rank reads every ranked vector: the newest window of them only
            floor = matches.order_by("-pk").values("pk")[window - 1 : window]
            matches = matches.filter(pk__gte=Coalesce(Subquery(floor), 0))
        page = list(
            matches.annotate(score=SearchRank(F("search_vector"), query))
            .order_by("-score", F("date").desc(nulls_last=True), "pk")
            .values_list("pk", "score")[offset : offset + limit]
        )
        headlines = dict(
            IndexedDocument.objects.filter(pk__in=[pk for pk, _ in page])
            .annotate(
                headline=SearchHeadline(
                    Concat("summary", Value(" "), "body", output_field=TextField()),
                    query,
                    config=F("fts_config"),
                    start_sel=MARK_START,
                    stop_sel=MARK_END,
                    max_words=SNIPPET_TOKENS,
                    min_words=SNIPPET_TOKENS // 2,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
            .values_list("pk", "headline")
        )
        return [(pk, score, highlight_html(headlines.get(pk) or "")) for pk, score in page]
