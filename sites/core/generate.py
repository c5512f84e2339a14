"""Synthetic content for load tests and benchmarks: ``manage.py demo generate``.

Every generated object is plainly synthetic ("Generated member 123", texts that say
they were generated); only the vocabulary around it (sector slugs, kinds, real
city names) comes from plausible lists, and no organisation is invented.

The platform names no plugin: each enabled plugin may ship a ``generate`` module
with ``GENERATORS = {"<count name>": function}`` (e.g. ``{"members": ...}``). A
generator takes ``count``, ``home_pages``, ``plans`` (one ``LanguagePlan`` per
object) and ``rng``, writes its rows in bulk, and yields
``(model, translation_keys, done)`` after each batch; the batch's change-log
entries are then recorded in one go (``federation.changelog.change_record_bulk``),
because bulk writes send no signals.
"""

from __future__ import annotations

import importlib
import importlib.util
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from plugins.core.plugin import plugin_configs

FALLBACK_LANGUAGE = "en"

# Sentence templates per language: {n} is the object's number, {topic} a theme word.
# Each says outright that the text was generated.
SENTENCES = {
    "en": [
        "Generated text number {n} for load tests, about {topic}.",
        "This paragraph was produced by the content generator and describes nothing real.",
        "Synthetic item {n} repeats common words on {topic} so that search has work to do.",
    ],
    "pl": [
        "Wygenerowany tekst numer {n} do testów obciążeniowych, o temacie: {topic}.",
        "Ten akapit utworzył generator treści; nie opisuje niczego prawdziwego.",
        "Syntetyczny wpis {n} powtarza częste słowa o temacie {topic} na potrzeby wyszukiwarki.",
    ],
    "de": [
        "Generierter Text Nummer {n} für Lasttests, zum Thema {topic}.",
        "Dieser Absatz stammt vom Inhaltsgenerator und beschreibt nichts Reales.",
        "Synthetischer Eintrag {n} wiederholt gängige Wörter zu {topic} für die Suche.",
    ],
    "tr": [
        "Yük testleri için üretilmiş {n} numaralı metin, konu: {topic}.",
        "Bu paragraf içerik üreteci tarafından oluşturuldu ve gerçek bir şeyi anlatmıyor.",
        "Sentetik kayıt {n}, arama için {topic} hakkında yaygın sözcükleri tekrarlar.",
    ],
    "bg": [
        "Генериран текст номер {n} за тестове с натоварване, на тема {topic}.",
        "Този абзац е създаден от генератора на съдържание и не описва нищо реално.",
        "Синтетичен запис {n} повтаря често срещани думи за {topic}, за да има работа търсенето.",
    ],
}
TOPICS = {
    "en": ["biotechnology", "clinical research", "digital health", "funding", "diagnostics"],
    "pl": ["biotechnologia", "badania kliniczne", "zdrowie cyfrowe", "finansowanie"],
    "de": ["Biotechnologie", "klinische Forschung", "digitale Gesundheit", "Förderung"],
    "tr": ["biyoteknoloji", "klinik araştırma", "dijital sağlık", "fonlama"],
    "bg": ["биотехнологии", "клинични изследвания", "дигитално здраве", "финансиране"],
}
# Labels for generated titles: "<label> <n>".
LABELS = {
    "member": {"en": "Generated member"},
    "news": {
        "en": "Generated news item",
        "pl": "Wygenerowana wiadomość",
        "de": "Generierte Meldung",
        "tr": "Üretilmiş haber",
        "bg": "Генерирана новина",
    },
}
# Real cities per country (places, not organisations) for members' addresses.
CITIES = {
    "PL": ["Lublin", "Kraków", "Warszawa", "Wrocław", "Gdańsk", "Poznań", "Łódź"],
    "DE": ["Kiel", "Hamburg", "Lübeck", "Berlin", "München", "Heidelberg", "Leipzig"],
    "TR": ["İzmir", "İstanbul", "Ankara", "Bursa", "Manisa", "Antalya"],
    "BG": ["София", "Пловдив", "Варна", "Бургас", "Русе", "Плевен"],
    "GB": ["Cambridge", "Oxford", "London", "Manchester"],
    "NL": ["Leiden", "Utrecht", "Amsterdam"],
    "FR": ["Lyon", "Strasbourg", "Paris"],
}
LANGUAGE_COUNTRIES = {"pl": "PL", "de": "DE", "tr": "TR", "bg": "BG", "en": "GB"}


@dataclass(frozen=True)
class LanguagePlan:
    """The languages one generated object exists in; ``source`` is created first."""

    source: str
    languages: tuple[str, ...]


def language_plans(*, count: int, local: str, mix: bool, rng: random.Random) -> list[LanguagePlan]:
    """Every object in the local language and English; with ``mix``, a realistic spread:
    70 % both, 20 % the local language only, 10 % English only."""
    both = LanguagePlan(source=local, languages=(local, FALLBACK_LANGUAGE))
    if not mix or local == FALLBACK_LANGUAGE:
        return [both] * count
    local_only = LanguagePlan(source=local, languages=(local,))
    english_only = LanguagePlan(source=FALLBACK_LANGUAGE, languages=(FALLBACK_LANGUAGE,))
    return rng.choices([both, local_only, english_only], weights=[70, 20, 10], k=count)


def synthetic_text(*, language: str, n: int, rng: random.Random, sentences: int = 2) -> str:
    templates = SENTENCES.get(language, SENTENCES[FALLBACK_LANGUAGE])
    topics = TOPICS.get(language, TOPICS[FALLBACK_LANGUAGE])
    return " ".join(
        rng.choice(templates).format(n=n, topic=rng.choice(topics)) for _ in range(sentences)
    )


def synthetic_label(*, kind: str, language: str) -> str:
    labels = LABELS[kind]
    return labels.get(language, labels[FALLBACK_LANGUAGE])


def synthetic_city(*, language: str, rng: random.Random) -> tuple[str, str]:
    """(city, country): mostly the cluster's own country, sometimes elsewhere in Europe."""
    home = LANGUAGE_COUNTRIES.get(language, "GB")
    country = home if rng.random() < 0.85 else rng.choice(sorted(CITIES))
    return rng.choice(CITIES[country]), country


def pages_children_append(*, parent, pages: list) -> None:
    """Append ``pages`` (unsaved, all of one page model) as the last children of
    ``parent`` in bulk: the materialised paths treebeard would give them, one insert
    into ``wagtailcore_page``, one into the model's own table, one ``numchild`` update.

    Generated content only: no revisions, no signals (the callers record the change
    log themselves)."""
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Page

    parent = Page.objects.select_for_update().get(pk=parent.pk)
    last = parent.get_last_child()
    step = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.locale_id = parent.locale_id
        page.url_path = f"{parent.url_path}{page.slug}/"
        page.latest_revision_created_at = now
    base_fields = [f.attname for f in Page._meta.concrete_fields if not f.primary_key]
    bases = Page.objects.bulk_create(
        [Page(**{name: getattr(page, name) for name in base_fields}) for page in pages]
    )
    for page, base in zip(pages, bases, strict=True):
        page.pk = page.page_ptr_id = base.pk
    # Django cannot bulk_create a multi-table child; insert its own columns directly.
    model = type(pages[0])
    model.objects._insert(pages, fields=model._meta.local_concrete_fields)
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))


def generators() -> dict[str, Callable]:
    """{count name: generator} of every enabled plugin that has a ``generate`` module."""
    found = {}
    for config in plugin_configs():
        module_name = f"{config.name}.generate"
        if importlib.util.find_spec(module_name) is None:
            continue
        found.update(importlib.import_module(module_name).GENERATORS)
    return found


class GenerateError(ValueError):
    pass


def content_generate(
    *,
    counts: dict[str, int],
    language_mix: bool = False,
    progress: Callable[[str, int], Callable[[int], None]] | None = None,
    seed: int = 0,
) -> dict[str, int]:
    """Generate ``counts`` objects ({"members": 1000, "news": 500}); return what was made.

    ``progress(name, total)`` returns a callable advanced by the number done (a tqdm
    bar's ``update``). The same ``seed`` gives the same content on an empty site.
    """
    from .services import home_pages_ensure  # models: only once apps are ready

    available = generators()
    unknown = sorted(name for name, n in counts.items() if n and name not in available)
    if unknown:
        raise GenerateError(f"no enabled plugin generates {', '.join(unknown)}")
    cluster = settings.CLUSTER
    home_pages = home_pages_ensure(
        titles={code: cluster["name"].get(code, cluster["slug"]) for code, _ in settings.LANGUAGES}
    )
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    made = {}
    for name, count in counts.items():
        if not count:
            continue
        plans = language_plans(
            count=count, local=settings.CLUSTER_LANGUAGE, mix=language_mix, rng=rng
        )
        advance = progress(name, count) if progress else (lambda n: None)
        made[name] = 0
        for model, keys, done in available[name](
            count=count, home_pages=home_pages, plans=plans, rng=rng
        ):
            _changes_record(model=model, translation_keys=keys)
            made[name] += done
            advance(done)
    if made:
        from .fragments import content_generation_bump

        # Bulk writes send no signals: the cached menus and routes must still follow.
        content_generation_bump()
    return made


def _changes_record(*, model, translation_keys) -> None:
    from federation.changelog import change_record_bulk
    from federation.registry import shared_type_for_model

    shared_type = shared_type_for_model(model)
    if shared_type is not None:
        with transaction.atomic():
            change_record_bulk(shared_type=shared_type, translation_keys=translation_keys)
