"""Where the time goes, for the notes of scenarios that miss their goals: cProfile
inside an instance, summarised as the functions with the most cumulative time."""

from __future__ import annotations

import cProfile
import io
import pstats

OUR_CODE = ("/federation/", "/plugins/", "/sites/", "/themes/")


def profile_summary(profile: cProfile.Profile, *, lines: int = 12) -> str:
    """The ``lines`` project functions with the most cumulative time, then the
    heaviest functions by own time (any code)."""
    stream = io.StringIO()
    stats = pstats.Stats(profile, stream=stream)
    total = sum(row[2] for row in stats.stats.values()) or 1.0  # own times add up to the run
    ours, own = [], []
    for (filename, line, name), (_, calls, tottime, cumtime, _) in stats.stats.items():
        where = f"{'/'.join(filename.split('/')[-2:])}:{line} {name}"  # "~" for builtins
        own.append((tottime, calls, where))
        if any(part in filename for part in OUR_CODE) and "/.venv/" not in filename:
            ours.append((cumtime, calls, where))
    text = [f"profile of {total:.2f} s (cumulative time, project code):"]
    text += [f"  {c:7.3f} s {n:>7} calls  {w}" for c, n, w in sorted(ours, reverse=True)[:lines]]
    text.append("own time, any code:")
    text += [f"  {c:7.3f} s {n:>7} calls  {w}" for c, n, w in sorted(own, reverse=True)[:lines]]
    return "\n".join(text)


def profile_sync(*, peers: list[str]):
    """A full sync of ``peers`` again (their mirrors removed first), profiled."""
    from django.db import transaction

    from federation.models import MirrorItem, MirrorTranslation
    from federation.services import peers_sync

    with transaction.atomic():
        MirrorTranslation.objects.filter(item__origin__in=peers).delete()
        MirrorItem.objects.filter(origin__in=peers).delete()
    profile = cProfile.Profile()
    profile.enable()
    peers_sync(slugs=peers, full=True, trigger="bench-profile")
    profile.disable()
    from .tasks import tasks_drain

    tasks_drain()  # the index tasks the sync queued: no backlog for the next scenario
    return {"summary": profile_summary(profile)}


def profile_pages(*, paths: list[str], repeat: int = 5):
    """``paths`` requested in-process ``repeat`` times each (after one warm-up), profiled."""
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    for path in paths:
        client.get(path)
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(repeat):
        for path in paths:
            client.get(path)
    profile.disable()
    return {"summary": profile_summary(profile)}


TASKS = {"profile_sync": profile_sync, "profile_pages": profile_pages}
