"""Background work of the search plugin (django-tasks); each task only calls a service."""

from django_tasks import task


@task()
def search_mirrors_refresh_task(origin: str, object_ids: list[str]):
    """The documents of ``origin``'s mirrors ``object_ids`` made true to the mirror tables."""
    from .services import search_index_safely, search_mirrors_refresh

    return search_index_safely(search_mirrors_refresh, origin=origin, object_ids=object_ids)
