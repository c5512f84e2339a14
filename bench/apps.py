from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The benchmarks' management command (``bench_task``) inside an instance."""

    name = "bench"
    label = "bench"
    default_auto_field = "django.db.models.BigAutoField"
