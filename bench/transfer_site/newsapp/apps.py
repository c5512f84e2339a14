from django.apps import AppConfig


class NewsAppConfig(AppConfig):
    name = "bench.transfer_site.newsapp"
    label = "newsapp"
    default_auto_field = "django.db.models.BigAutoField"
