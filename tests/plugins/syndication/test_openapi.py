"""The partner API in the site's OpenAPI document, and schemathesis against it.

schemathesis loads the served document through the WSGI application and sends
generated requests (valid and invalid) to the partner endpoints with a valid
key, checking that none is a server error and that every answer conforms to
the document (status, content type, headers, body schema). The app runs in the
test's thread and transaction: the connection-closing request signals are off
meanwhile, as Django's test client turns them off.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from plugins.core.hooks import hook_call
from tests.plugins.directory.factories import MemberFactory

from .conftest import (
    article_publish,
    article_translate,
    key_make,
    mirror_article,
    mirror_member,
    mirror_tombstone,
    mirrors_apply,
)

PARTNER_PATHS = ("/api/v1/news", "/api/v1/members", "/api/v1/projects")
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


@pytest.fixture
def document(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_the_site_document_describes_the_partner_api_with_bearer_security(document):
    assert document["openapi"].startswith("3.1")
    schemes = document["components"]["securitySchemes"]
    assert schemes["partnerKey"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schemes["partnerKey"]["description"],
    }
    assert schemes["partnerKeyHeader"] == {"type": "apiKey", "in": "header", "name": "X-API-Key"}
    for path in PARTNER_PATHS:
        operation = document["paths"][path]["get"]
        assert operation["security"] == [{"partnerKey": []}, {"partnerKeyHeader": []}]
        assert set(operation["responses"]) == {"200", "400", "401", "403", "429"}
        assert {p["name"] for p in operation["parameters"]} == {
            "cursor", "limit", "updated_since", "cluster", "lang",
        }  # fmt: skip
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_exports_and_feeds_are_described_too(document):
    paths = document["paths"]
    for path in (
        "/{lang}/directory/export.jsonld",
        "/{lang}/directory/export.csv",
        "/{lang}/feeds/news.{format}",
        "/{lang}/feeds/network.{format}",
    ):
        (language,) = [p for p in paths[path]["get"]["parameters"] if p["name"] == "lang"]
        assert language["schema"]["enum"] == ["pl", "en"]
    assert "text/csv" in paths["/{lang}/directory/export.csv"]["get"]["responses"]["200"]["content"]


def test_the_search_api_is_still_in_the_merged_document(document):
    assert "/api/v1/search" in document["paths"]  # merged, not replaced


def test_components_are_merged_from_register_openapi_components(document):
    contributed: dict = {}
    for components in hook_call("register_openapi_components"):
        for section, entries in components.items():
            contributed.setdefault(section, {}).update(entries)

    assert set(contributed["securitySchemes"]) >= {"partnerKey", "partnerKeyHeader"}
    for section, entries in contributed.items():
        assert document["components"][section] == entries


def test_every_security_requirement_names_a_declared_scheme(document):
    declared = set(document["components"]["securitySchemes"])
    for item in document["paths"].values():
        for operation in item.values():
            for requirement in operation.get("security", []):
                assert set(requirement) <= declared


# --- schemathesis -------------------------------------------------------------------


@pytest.fixture
def wsgi_app(db):
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def partner_content(indexes):
    """Something of each kind on every page: local and federated, upserts and tombstones."""
    page = article_publish(indexes["pl"], title="Nowa umowa")
    article_translate(page, language="en", title="A new agreement")
    MemberFactory(name="Vitagenum", email="office@vitagenum.example")
    mirrors_apply(
        "kiel",
        [
            mirror_article("kiel", 1, titles={"de": "Neues Labor", "en": "A new lab"}),
            mirror_member("kiel", 2, name="Kieler GmbH", email="i@k.de", network_only=["email"]),
            mirror_tombstone("kiel", 3, revision=4),
        ],
    )


@pytest.fixture
def partner_headers(db):
    _, plain = key_make(rate_limit=100_000)
    return {"Authorization": f"Bearer {plain}"}


# schemathesis' own pytest decorator (from_fixture/parametrize) reads a private pytest
# attribute that pytest 9.2 removed; its Hypothesis strategies work with any pytest.
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
@pytest.mark.parametrize("path", PARTNER_PATHS)
def test_partner_api_conforms_to_its_openapi_document(
    wsgi_app, partner_content, partner_headers, path, mode
):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", wsgi_app)
    strategy = schema[path]["GET"].as_strategy(mode)

    @settings(
        max_examples=25,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def check(case):
        case.call_and_validate(headers=partner_headers, checks=CHECKS)

    check()
