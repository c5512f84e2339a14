"""Background work of the federation (django-tasks); each task only calls a service."""

from django_tasks import task


@task()
def peers_notify_task():
    from .services import peers_notify

    return peers_notify()


@task()
def peer_sync_task(peer_slug: str, trigger: str = "notify"):
    from .services import peer_sync_by_slug

    run = peer_sync_by_slug(slug=peer_slug, trigger=trigger)
    return {"ok": run.ok, "created": run.created, "deleted": run.deleted} if run else None
