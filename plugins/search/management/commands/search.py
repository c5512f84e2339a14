"""``manage.py search rebuild`` (with a progress bar) and ``manage.py search status``."""

from __future__ import annotations

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from plugins.search.backends.base import SearchBackendError, search_backend
from plugins.search.documents import documents_all
from plugins.search.services import search_index_rebuild


class Command(BaseCommand):
    help = "Rebuild the network search index, or show what it holds."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("rebuild", help="Index every document again, replacing the index.")
        actions.add_parser("status", help="Documents in the index, per cluster, type, language.")

    def handle(self, *args, action, **options):
        try:
            if action == "rebuild":
                self._rebuild(verbosity=options["verbosity"])
            else:
                self._status()
        except SearchBackendError as exc:
            raise CommandError(f"The search backend failed: {exc}") from exc

    def _rebuild(self, *, verbosity: int):
        def progress(documents):
            return tqdm(
                documents,
                desc="Indexing",
                unit="doc",
                file=sys.stderr,
                disable=verbosity < 1,
            )

        count = search_index_rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count} documents."))

    def _status(self):
        backend = search_backend()
        config = getattr(settings, "NETWORK_SEARCH_BACKEND", {})
        self.stdout.write(f"Backend: {config.get('BACKEND', type(backend).__name__)}")
        try:
            counts = backend.document_counts()
        except NotImplementedError:
            self.stdout.write("This backend cannot count its documents.")
            return
        total = sum(counts.get("type", {}).values())
        expected = sum(1 for _ in documents_all())
        self.stdout.write(f"Documents in the index: {total} (the content has {expected})")
        for facet in ("cluster", "type", "language"):
            values = ", ".join(f"{k}: {v}" for k, v in sorted(counts.get(facet, {}).items()))
            self.stdout.write(f"  by {facet}: {values or '-'}")
        if total != expected:
            self.stdout.write(
                self.style.WARNING("The index is out of date: run `manage.py search rebuild`.")
            )
