"""``manage.py bench_task NAME --kwargs JSON``: run one of bench.tasks in this instance and
print its result as JSON on the last line (only with ``bench.settings``)."""

import json

from django.core.management.base import BaseCommand, CommandError

from bench.profiling import TASKS as PROFILE_TASKS
from bench.tasks import TASKS
from bench.tasks_search import TASKS as SEARCH_TASKS

ALL_TASKS = {**TASKS, **SEARCH_TASKS, **PROFILE_TASKS}


class Command(BaseCommand):
    help = "Run a benchmark task inside this instance (bench.tasks)."

    def add_arguments(self, parser):
        parser.add_argument("name", choices=sorted(ALL_TASKS))
        parser.add_argument("--kwargs", default="{}", help="Keyword arguments as JSON.")

    def handle(self, *args, name, **options):
        try:
            kwargs = json.loads(options["kwargs"])
        except json.JSONDecodeError as exc:
            raise CommandError(f"--kwargs is not JSON: {exc}") from exc
        result = ALL_TASKS[name](**kwargs)
        self.stdout.write(json.dumps(result, default=str))
