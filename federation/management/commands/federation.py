"""``manage.py federation sync|keys|peers``: the federation from the command line."""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from federation.keys import (
    NoSigningKey,
    signing_key_active,
    signing_key_generate,
    signing_key_rotate,
)
from federation.models import Peer
from federation.services import peer_add, peers_sync


class Command(BaseCommand):
    help = "Federation: sync from peers, manage this cluster's keys and its peers."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        sync = sub.add_parser("sync", help="Pull changes from peers.")
        sync.add_argument("--peer", action="append", help="Only this peer (repeatable).")
        sync.add_argument("--full", action="store_true", help="Start from the beginning.")
        sync.add_argument("--loop", action="store_true", help="Repeat every --interval seconds.")
        sync.add_argument("--interval", type=float, default=60.0)
        sync.add_argument("--limit", type=int, default=500, help="Changes per page (max 500).")
        sync.add_argument("--max-pages", type=int, default=10_000, help="Stop after N pages.")
        keys = sub.add_parser("keys", help="This cluster's signing keys.")
        keys.add_argument("action", choices=["generate", "rotate", "show"])
        keys.add_argument("--if-missing", action="store_true", help="generate: keep a key.")
        peers = sub.add_parser("peers", help="List or add peers.")
        peers.add_argument(
            "action", nargs="?", choices=["list", "add", "remove", "import"], default="list"
        )
        peers.add_argument("slug", nargs="?")
        peers.add_argument("url", nargs="?")
        peers.add_argument("--public-key", help="The peer's public key (PEM).")
        peers.add_argument("--name", default="")
        peers.add_argument(
            "--file", help="import: a JSON list of {slug, url, public_key, name} objects."
        )

    def handle(self, *args, area, **options):
        getattr(self, f"handle_{area}")(**options)

    def handle_sync(self, *, peer, full, loop, interval, limit, max_pages, **_):
        while True:
            self._sync_once(peer, full, limit=limit, max_pages=max_pages)
            if not loop:
                return
            full = False
            time.sleep(interval)

    def _sync_once(self, slugs, full, **limits):
        progress = tqdm(desc="pages", unit="page", disable=None, file=self.stderr._out)
        runs = peers_sync(slugs=slugs, full=full, on_page=lambda run: progress.update(1), **limits)
        progress.close()
        for run in runs:
            status = "ok" if run.ok else f"error: {run.error}"
            self.stdout.write(
                f"{run.peer.slug}: {run.pages} pages, {run.created} created, {run.updated} "
                f"updated, {run.deleted} deleted, {run.rejected} rejected; {status}"
            )

    def _peers_import(self, file):
        if not file:
            raise CommandError("peers import --file PEERS.json")
        try:
            entries = json.loads(Path(file).read_text())
            for entry in entries:
                peer_add(
                    slug=entry["slug"],
                    base_url=entry["url"],
                    public_key=entry["public_key"],
                    name=entry.get("name", ""),
                )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise CommandError(f"cannot import peers from {file}: {exc}") from None

    def handle_keys(self, *, action, if_missing, **_):
        if action == "generate":
            key = signing_key_generate(if_missing=if_missing)
            self.stderr.write(f"signing key {key.key_id}")
        elif action == "rotate":
            key = signing_key_rotate()
            self.stderr.write(f"new signing key {key.key_id}; give peers its public key:")
        try:
            self.stdout.write(signing_key_active().public_pem.strip())
        except NoSigningKey as exc:
            raise CommandError(str(exc)) from None

    def handle_peers(self, *, action, slug, url, public_key, name, file, **_):
        if action == "import":
            self._peers_import(file)
        elif action == "add":
            if not (slug and url and public_key):
                raise CommandError("peers add SLUG URL --public-key PEM")
            try:
                peer_add(slug=slug, base_url=url, public_key=public_key, name=name)
            except ValueError as exc:
                raise CommandError(f"invalid public key: {exc}") from None
        elif action == "remove":
            Peer.objects.filter(slug=slug).delete()
        for peer in Peer.objects.all():
            state = peer.breaker.get("state", "closed")
            self.stdout.write(
                f"{peer.slug:10} {peer.base_url:28} cursor={peer.cursor or '-':8} "
                f"breaker={state} last_success={peer.last_success_at or '-'} "
                f"{('error: ' + peer.last_error) if peer.last_error else ''}"
            )
