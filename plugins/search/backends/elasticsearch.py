"""Elasticsearch 8 search backend, built on the client's DSL (``elasticsearch.dsl``).

    NETWORK_SEARCH_BACKEND = {
        "BACKEND": "plugins.search.backends.elasticsearch.ElasticsearchSearchBackend",
        "OPTIONS": {
            "URLS": ["http://localhost:9200"],
            "INDEX_PREFIX": "clusterweb-<slug>",  # default: clusterweb-<CLUSTER_SLUG>
            "TIMEOUT": 10,  # seconds per request
            "BATCH_SIZE": 500,  # documents per bulk request
            "REFRESH": False,  # True: writes are searchable at once (tests)
            "INDEX_SETTINGS": {},  # e.g. {"number_of_replicas": 0} on a one-node cluster
            "COMPATIBILITY_HEADER": True,  # False: plain JSON media types (OpenSearch servers)
            "CLIENT_OPTIONS": {},  # more Elasticsearch(...) arguments: api_key, ca_certs, ...
        },
    }

Layout: one index per searchable type (member, news, project), each behind an alias
``<prefix>-<type>`` pointing at a concrete ``<prefix>-<type>-<timestamp>``. Elasticsearch
dropped mapping types, and an index per type is its way of "one document type per
kind": each type can be rebuilt, sized or dropped on its own, and a search over the
three aliases still ranks, collapses and counts facets across them as one. The
documents keep a ``type`` keyword for the facet and filter.

Rebuild: new concrete indices are filled (refresh off), refreshed, then one
``_aliases`` call moves every alias at once, and the old indices are deleted. Readers
use the aliases, so they see the old indices until the new ones are complete. A failed
rebuild deletes its new indices and leaves the aliases alone. Writes made by another
process while a rebuild runs go to the old indices and are lost with them: index
maintenance should replay changes made during a rebuild (or not write meanwhile).

Errors: every engine failure (API errors, transport and connection errors, bulk
errors) is logged with its details and raised as ``SearchBackendError`` with a
generic message.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import re
from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from elastic_transport import TransportError, Urllib3HttpNode
from elasticsearch import ApiError, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch.dsl import Index, Q, Search
from elasticsearch.helpers import BulkIndexError, streaming_bulk

from .base import BaseSearchBackend, SearchBackendError, SearchDocument, SearchQuery, SearchResults
from .elasticsearch_index import TYPES, document_source, index_mapping, stemmer_definitions
from .elasticsearch_query import results_read, search_build

logger = logging.getLogger(__name__)

ENGINE_ERROR = "The search engine is unavailable. Please try again later."
ENGINE_ERRORS = (ApiError, TransportError, BulkIndexError)
COUNTED = ("cluster", "type", "language")  # document_counts()
# Per process, shared by the backend objects (search_backend() makes one per call).
_clients: dict[tuple, Elasticsearch] = {}
_stemmers: dict[tuple, dict[str, bool]] = {}  # urls -> {language: stemmer supported}
_aliases_ready: set[tuple] = set()  # (urls, index prefix) whose aliases exist
INDEX_NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,150}$")
COMPAT_MEDIA_TYPE = re.compile(r"application/vnd\.elasticsearch\+([a-z-]+); compatible-with=\d+")


class PlainJsonHttpNode(Urllib3HttpNode):
    """Sends plain ``application/json`` media types instead of the client's
    ``application/vnd.elasticsearch+json; compatible-with=8``, which OpenSearch-based
    servers reject with 406. Real Elasticsearch 8 accepts both."""

    def perform_request(self, method, target, body=None, headers=None, **kwargs):
        if headers:
            headers = headers.copy()
            for name in ("accept", "content-type"):
                if headers.get(name):
                    headers[name] = COMPAT_MEDIA_TYPE.sub(r"application/\1", headers[name])
        return super().perform_request(method, target, body=body, headers=headers, **kwargs)


class ElasticsearchSearchBackend(BaseSearchBackend):
    def __init__(self, options: dict):
        super().__init__(options)
        self.urls = list(options.get("URLS") or ["http://localhost:9200"])
        self.index_prefix = (options.get("INDEX_PREFIX") or _default_prefix()).lower()
        if not INDEX_NAME.match(self.index_prefix):
            raise ImproperlyConfigured(f"INDEX_PREFIX {self.index_prefix!r} is no index name")
        self.timeout = float(options.get("TIMEOUT", 10))
        self.batch_size = int(options.get("BATCH_SIZE", 500))
        self.refresh = bool(options.get("REFRESH", False))
        self.index_settings = dict(options.get("INDEX_SETTINGS") or {})
        self._engine_key = tuple(self.urls)

    # -- connection -----------------------------------------------------------------

    @property
    def client(self) -> Elasticsearch:
        """One client (and connection pool) per configuration, shared by the backend
        objects that ``search_backend()`` makes per call; the client is thread-safe."""
        kwargs = {"request_timeout": self.timeout, "retry_on_timeout": False}
        if not self.options.get("COMPATIBILITY_HEADER", True):
            kwargs["node_class"] = PlainJsonHttpNode
        kwargs.update(self.options.get("CLIENT_OPTIONS") or {})
        key = (self._engine_key, repr(sorted(kwargs.items())))
        if key not in _clients:
            _clients[key] = Elasticsearch(self.urls, **kwargs)
        return _clients[key]

    @contextlib.contextmanager
    def _engine(self, action: str) -> Iterator[None]:
        """Turn engine failures into SearchBackendError; the details go to the log only."""
        try:
            yield
        except ENGINE_ERRORS as exc:
            logger.error("Elasticsearch %s failed: %s", action, exc)
            raise SearchBackendError(ENGINE_ERROR) from exc

    # -- names ----------------------------------------------------------------------

    def alias(self, doc_type: str) -> str:
        return f"{self.index_prefix}-{doc_type}"

    def aliases(self) -> list[str]:
        return [self.alias(doc_type) for doc_type in TYPES]

    def _index_name_new(self, doc_type: str) -> str:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d%H%M%S%f")
        return f"{self.alias(doc_type)}-{stamp}"

    # -- indices --------------------------------------------------------------------

    def _stemmer_supported(self, language: str) -> bool:
        """Ask the engine once whether it has each stemmer (see elasticsearch_index)."""
        if self._engine_key not in _stemmers:
            supported = {}
            for lang, definition in stemmer_definitions().items():
                try:
                    self.client.indices.analyze(tokenizer="standard", filter=[definition], text="a")
                    supported[lang] = True
                except BadRequestError as exc:
                    logger.warning("Search engine lacks the %s stemmer: %s", lang, exc)
                    supported[lang] = False
            _stemmers[self._engine_key] = supported
        return _stemmers[self._engine_key].get(language, False)

    def _index_create(self, name: str, *, alias: str | None = None, building: bool = False):
        index = Index(name, using=self.client)
        index.settings(number_of_shards=1, **self.index_settings)
        if building:
            index.settings(refresh_interval="-1")
        index.mapping(index_mapping(stemmer_supported=self._stemmer_supported))
        if alias:
            index.aliases(**{alias: {}})
        index.create()

    def _aliases_ensure(self) -> None:
        """Create an empty index behind each missing alias (first write on a new cluster)."""
        if (self._engine_key, self.index_prefix) in _aliases_ready:
            return
        for doc_type in TYPES:
            alias = self.alias(doc_type)
            if not self.client.indices.exists_alias(name=alias):
                self._index_create(self._index_name_new(doc_type), alias=alias)
        _aliases_ready.add((self._engine_key, self.index_prefix))

    def _alias_targets(self, alias: str) -> list[str]:
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(self.client.indices.get_alias(name=alias).body)

    def _aliases_swap(self, new_indices: dict[str, str]) -> list[str]:
        """Point every alias at its new index in one atomic call; return the old indices."""
        actions, old = [], []
        for doc_type, new_index in new_indices.items():
            alias = self.alias(doc_type)
            for index in self._alias_targets(alias):
                actions.append({"remove": {"index": index, "alias": alias}})
                old.append(index)
            actions.append({"add": {"index": new_index, "alias": alias}})
        self.client.indices.update_aliases(actions=actions)
        return old

    def _indices_delete(self, names: Iterable[str]) -> None:
        names = list(names)
        if names:
            self.client.indices.delete(index=",".join(names), ignore_unavailable=True)

    # -- writing --------------------------------------------------------------------

    def _bulk(self, actions: Iterable[dict], **kwargs) -> tuple[int, int]:
        """Send ``actions`` in batches (``kwargs`` go to each bulk request); return
        (succeeded, failed)."""
        succeeded = failed = 0
        results = streaming_bulk(
            self.client,
            actions,
            chunk_size=self.batch_size,
            raise_on_error=False,
            max_retries=2,
            initial_backoff=1,
            **kwargs,
        )
        for ok, info in results:
            if ok:
                succeeded += 1
            else:
                failed += 1
                if failed <= 5:
                    logger.error("Elasticsearch refused a document: %r", info)
        return succeeded, failed

    def _index_actions(
        self, documents: Iterable[SearchDocument], index_for: Callable[[str], str]
    ) -> Iterator[dict]:
        for document in documents:
            if document.type not in TYPES:
                logger.warning("Not indexing %s: unknown type %r", document.id, document.type)
                continue
            yield {
                "_op_type": "index",
                "_index": index_for(document.type),
                "_id": document.id,
                "_source": document_source(document),
            }

    def documents_index(self, documents: Iterable[SearchDocument]) -> int:
        with self._engine("indexing"):
            self._aliases_ensure()
            actions = self._index_actions(documents, self.alias)
            # require_alias: a missing alias fails the write instead of letting the engine
            # create a concrete index of that name with a guessed mapping.
            succeeded, failed = self._bulk(actions, refresh=self.refresh, require_alias=True)
        if failed:
            logger.error("Elasticsearch indexed %s documents, refused %s", succeeded, failed)
            _aliases_ready.discard((self._engine_key, self.index_prefix))  # look again next time
        return succeeded

    def _delete_by_query(self, query: Q) -> None:
        with contextlib.suppress(NotFoundError):  # no index yet: nothing to delete
            self.client.delete_by_query(
                index=",".join(self.aliases()),
                query=query.to_dict(),
                conflicts="proceed",
                refresh=self.refresh,
                ignore_unavailable=True,
                allow_no_indices=True,
            )

    def documents_delete(self, ids: Iterable[str]) -> None:
        with self._engine("deleting documents"):
            for batch in _batches(ids, self.batch_size):
                self._delete_by_query(Q("ids", values=batch))

    def objects_delete(self, *, cluster: str, object_ids: Iterable[str]) -> None:
        with self._engine("deleting objects"):
            for batch in _batches(object_ids, self.batch_size):
                query = Q("bool", filter=[Q("term", cluster=cluster), Q("terms", object_id=batch)])
                self._delete_by_query(query)

    def rebuild(self, documents: Iterable[SearchDocument]) -> int:
        new_indices = {doc_type: self._index_name_new(doc_type) for doc_type in TYPES}
        with self._engine("rebuilding"):
            try:
                for name in new_indices.values():
                    self._index_create(name, building=True)
                actions = self._index_actions(documents, new_indices.__getitem__)
                succeeded, failed = self._bulk(actions, refresh=False)
                if failed:
                    raise SearchBackendError(ENGINE_ERROR)
                names = ",".join(new_indices.values())
                self.client.indices.put_settings(index=names, settings={"refresh_interval": None})
                self.client.indices.refresh(index=names)
                old_indices = self._aliases_swap(new_indices)
            except BaseException:
                with contextlib.suppress(*ENGINE_ERRORS):
                    self._indices_delete(new_indices.values())
                raise
            _aliases_ready.add((self._engine_key, self.index_prefix))
            self._indices_delete(old_indices)
        return succeeded

    # -- reading --------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        search = search_build(Search(using=self.client, index=self.aliases()), query)
        if search is None:
            return SearchResults(hits=[], total=0, facets={})
        with self._engine("search"):
            body = search.execute().to_dict()
        return results_read(body, query)

    def document_counts(self) -> dict[str, dict[str, int]]:
        """{"cluster"|"type"|"language": {value: documents}} over the whole index."""
        search = Search(using=self.client, index=self.aliases()).extra(size=0)
        search = search.params(ignore_unavailable=True, allow_no_indices=True)
        for name in COUNTED:
            search.aggs.bucket(name, "terms", field=name, size=1000)
        with self._engine("counting documents"):
            body = search.execute().to_dict()
        return {name: _counts(body, name) for name in COUNTED}


def _counts(body: dict, name: str) -> dict[str, int]:
    buckets = (body.get("aggregations") or {}).get(name, {}).get("buckets", [])
    return {str(bucket["key"]): int(bucket["doc_count"]) for bucket in buckets}


def _default_prefix() -> str:
    return f"clusterweb-{getattr(settings, 'CLUSTER_SLUG', 'default')}"


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for item in items:
        batch.append(str(item))
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
