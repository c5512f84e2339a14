"""Fixtures of the browser tests: a network of real instances and Debian's Chromium.

The network is made once per test session: Sofia (bg) and Kiel (de) as separate
processes (gunicorn and a task worker each) with their own SQLite databases on
loopback ports, demo content loaded, connected as federation peers and synced both
ways, as ``make demo`` runs them. Tests drive it through Playwright.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest

from sites.cluster import cluster_path, cluster_read
from sites.instance import Instance, free_port, network_connect

from .support import CHROMIUM, CHROMIUM_ARGS, Screens

CLUSTERS = ("sofia", "kiel")
NAVIGATION_TIMEOUT_MS = 30_000
ACTION_TIMEOUT_MS = 15_000


@dataclass
class Network:
    instances: dict[str, Instance]
    names: dict[str, str]  # the English name each cluster is known by to its peers

    @property
    def sofia(self) -> Instance:
        return self.instances["sofia"]

    @property
    def kiel(self) -> Instance:
        return self.instances["kiel"]


def _english_name(slug: str) -> str:
    return cluster_read(path=cluster_path(slug=slug)).data["name"]["en"]


def _prepare(instance: Instance) -> None:
    instance.manage("migrate", "--noinput", "-v0")
    instance.manage("demo", "seed")


def _in_parallel(function, instances) -> list:
    with ThreadPoolExecutor(max_workers=len(instances)) as pool:
        return list(pool.map(function, instances))


@pytest.fixture(scope="session")
def network(tmp_path_factory):
    var = tmp_path_factory.mktemp("browser-network")
    instances = {
        slug: Instance(slug=slug, port=free_port(), var_dir=var, web_workers=1) for slug in CLUSTERS
    }
    names = {slug: _english_name(slug) for slug in CLUSTERS}
    _in_parallel(_prepare, instances.values())
    network_connect(list(instances.values()), names)
    try:
        _in_parallel(lambda i: i.start(worker=True), instances.values())
        # The demo content was there before the peers were: one pull each brings it over.
        _in_parallel(lambda i: i.manage("federation", "sync"), instances.values())
        yield Network(instances=instances, names=names)
    finally:
        for instance in instances.values():
            instance.stop()


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("the browser tests need Debian's chromium (apt-get install chromium)")
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def screens(request) -> Screens:
    return Screens(request.node.name)


@pytest.fixture
def new_context(chromium, request, screens):
    """Make browser contexts (``new_context(locale="de-DE")``); a failing test leaves a
    screenshot of every page still open, and all are closed after the test."""
    contexts = []

    def make(**options):
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "en-US", **options}
        context = chromium.new_context(**options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        return context

    yield make
    report = getattr(request.node, "report_call", None)
    for context in contexts:
        if report is not None and report.failed:
            for page in context.pages:
                with contextlib.suppress(Exception):  # a crashed page must not hide the failure
                    screens(page, "failure")
        context.close()
