"""``manage.py demo seed``: load this cluster's demo content (idempotent).

``manage.py demo generate --members N --news N --projects N [--language-mix]``: add synthetic
content for load tests and benchmarks (``sites.core.generate``), with progress bars.
"""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Page

from plugins.core.hooks import hook_call
from sites.core.demo_content import demo_content_read
from sites.core.generate import GenerateError, content_generate
from sites.core.services import admin_user_ensure, home_pages_ensure


class Command(BaseCommand):
    help = "Demo network tasks for this cluster."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        seed = sub.add_parser("seed", help="Load the cluster's demo content; safe to repeat.")
        seed.add_argument("--admin-password", default="", help="Demo admin password.")
        generate = sub.add_parser(
            "generate", help="Add synthetic members, news and projects in bulk."
        )
        generate.add_argument("--members", type=int, default=0, help="Members to add.")
        generate.add_argument("--news", type=int, default=0, help="News items to add.")
        generate.add_argument("--projects", type=int, default=0, help="Projects to add.")
        generate.add_argument(
            "--language-mix",
            action="store_true",
            help="Some items in one language only (default: local language and English).",
        )
        generate.add_argument("--seed", type=int, default=0, help="Random seed.")

    def handle(self, *args, action, **options):
        if action == "seed":
            self.seed(options["admin_password"])
        elif action == "generate":
            self.generate(options)

    def generate(self, options):
        bars = []

        def progress(name, total):
            bar = tqdm(total=total, desc=name, unit="item", file=sys.stderr)
            bars.append(bar)
            return bar.update

        counts = {name: options[name] for name in ("members", "news", "projects")}
        try:
            made = content_generate(
                counts=counts,
                language_mix=options["language_mix"],
                progress=progress if options["verbosity"] >= 1 else None,
                seed=options["seed"],
            )
        except GenerateError as exc:
            raise CommandError(str(exc)) from exc
        finally:
            for bar in bars:
                bar.close()
        summary = ", ".join(f"{n} {name}" for name, n in made.items()) or "nothing"
        self.stdout.write(f"{settings.CLUSTER['slug']}: generated {summary}")

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
        # Every section of the demo (news, members, projects, about) is in the main menu.
        Page.objects.filter(depth=3).update(show_in_menus=True)
        password = admin_password or f"demo-{cluster['slug']}"
        admin_user_ensure(username="admin", password=password)
        self.stdout.write(
            f"{cluster['slug']}: demo content loaded; admin login: admin / {password}"
        )
