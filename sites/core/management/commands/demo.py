"""``manage.py demo seed``: load this cluster's demo content (idempotent)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from plugins.core.hooks import hook_call
from sites.core.demo_content import demo_content_read
from sites.core.services import admin_user_ensure, home_pages_ensure


class Command(BaseCommand):
    help = "Demo network tasks for this cluster."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed", help="Load the cluster's demo content; safe to repeat.")
        seed.add_argument("--admin-password", default="", help="Demo admin password.")

    def handle(self, *args, action, **options):
        if action == "seed":
            self.seed(options["admin_password"])

    def seed(self, admin_password: str):
        cluster = settings.CLUSTER
        pages = demo_content_read(cluster_slug=cluster["slug"], name="pages")
        home = pages.get("home", {})
        home_pages = home_pages_ensure(
            titles={
                code: home.get(code, {}).get("title", cluster["name"][code])
                for code in cluster["name"]
            },
            intros={
                code: f"<p>{home[code]['intro']}</p>" for code in home if home[code].get("intro")
            },
        )
        hook_call("seed_demo_content", cluster=cluster, home_pages=home_pages)
        password = admin_password or f"demo-{cluster['slug']}"
        admin_user_ensure(username="admin", password=password)
        self.stdout.write(
            f"{cluster['slug']}: demo content loaded; admin login: admin / {password}"
        )
