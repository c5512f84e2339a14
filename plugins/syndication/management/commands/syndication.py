"""``manage.py syndication prune-requests``: housekeeping of the partner API."""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError

from plugins.syndication.services import partner_request_retention, partner_requests_prune


class Command(BaseCommand):
    help = "Syndication housekeeping: prune the partner API's usage log."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="area", required=True)
        prune = sub.add_parser(
            "prune-requests",
            help="Delete usage-log rows older than --days (default: SYNDICATION_REQUEST_LOG_DAYS).",
        )
        prune.add_argument("--days", type=int, help="Keep this many days instead.")

    def handle(self, *args, area, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be 0 or more.")
        days = partner_request_retention().days if days is None else days
        older_than = datetime.timedelta(days=days)
        deleted = partner_requests_prune(older_than=older_than)
        self.stdout.write(
            f"Deleted {deleted} partner API requests older than {older_than.days} days."
        )
