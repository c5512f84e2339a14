"""Synthetic members for load tests and benchmarks (``manage.py demo generate --members N``).

Members are snippets, so they are written with ``bulk_create``: one row per language
sharing a ``translation_key``, their sectors in one insert per batch. See
``sites.core.generate`` for how generators are found and what they yield.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction

from sites.core.generate import synthetic_city, synthetic_label, synthetic_text

from .models import Member, MemberKind, MemberRole, Sector
from .sectors import SECTOR_NAMES
from .services import directory_page_ensure

BATCH = 500
SLUG_PREFIX = "generated-member-"
KINDS = [kind for kind in MemberKind.values if kind != MemberKind.OTHER]
ROLES = [MemberRole.MEMBER] * 8 + [MemberRole.PARTNER, MemberRole.SUPPORTER]


def members_generate(*, count, home_pages, plans, rng):
    """Yield (Member, translation keys, members done) after each batch of ``BATCH``."""
    local = plans[0].source if plans else next(iter(home_pages))
    directory_page_ensure(
        home_pages=home_pages,
        contents={},
        local_language=local if local in home_pages else next(iter(home_pages)),
    )
    locales = {code: page.locale for code, page in home_pages.items()}
    sectors = list(Sector.objects.filter(slug__in=SECTOR_NAMES)) or list(Sector.objects.all())
    generated = Member.objects.filter(slug__startswith=SLUG_PREFIX)
    first = generated.values("translation_key").distinct().count() + 1
    for start in range(0, count, BATCH):
        batch = plans[start : start + BATCH]
        with transaction.atomic():
            keys = _batch_write(batch, first + start, locales, sectors, rng)
        yield Member, keys, len(batch)


def _batch_write(plans, first_number, locales, sectors, rng) -> list[uuid.UUID]:
    rows, picked, keys = [], [], []
    for offset, plan in enumerate(plans):
        n = first_number + offset
        key = uuid.uuid4()
        keys.append(key)
        facts = _facts(n, plan.source, rng)
        chosen = rng.sample(sectors, k=min(len(sectors), rng.randint(1, 3)))
        for language in plan.languages:
            if language not in locales:
                continue
            rows.append(
                Member(
                    locale=locales[language],
                    translation_key=key,
                    name=f"{synthetic_label(kind='member', language=language)} {n}",
                    description=synthetic_text(language=language, n=n, rng=rng),
                    **facts,
                )
            )
            picked.append(chosen)
    for member in rows:
        member.sort_key_update()  # bulk_create skips save(), which keeps it otherwise
    Member.objects.bulk_create(rows, batch_size=BATCH)
    Through = Member.sectors.through
    Through.objects.bulk_create(
        [
            Through(member_id=member.pk, sector_id=sector.pk)
            for member, chosen in zip(rows, picked, strict=True)
            for sector in chosen
        ],
        batch_size=BATCH,
    )
    return keys


def _facts(n: int, language: str, rng) -> dict:
    """The language-independent fields of member ``n``: synthetic names and addresses
    (``.example`` domains, which can never belong to anyone)."""
    city, country = synthetic_city(language=language, rng=rng)
    return {
        "slug": f"{SLUG_PREFIX}{n}",
        "kind": rng.choice(KINDS),
        "role": rng.choice(ROLES),
        "city": city,
        "country": country,
        "website": f"https://member-{n}.example",
        "email": f"contact@member-{n}.example",
        "member_since": datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randint(0, 5000)),
        "field_visibility": {},
    }


GENERATORS = {"members": members_generate}
