"""GET /api/v1/search and its OpenAPI description at /api/v1/openapi.json."""

import datetime

import pytest
from wagtail import hooks

from .conftest import doc

pytestmark = pytest.mark.django_db
RESULT_KEYS = {
    "title", "url", "cluster", "type", "language", "summary", "highlight", "date", "kind",
    "sectors", "country",
}  # fmt: skip


@pytest.fixture
def indexed(search_backend):
    search_backend.documents_index(
        [
            doc(
                "Lublin Biotech Park",
                language="en",
                type="member",
                kind="technology-park",
                sectors=("biotechnology",),
                country="PL",
                summary="A park for biotech companies",
                url="/en/members/park/",
            ),
            doc(
                "Biotech week",
                language="en",
                cluster="kiel",
                date=datetime.date(2025, 9, 1),
                url="https://kiel.example/en/news/week/",
            ),
        ]
    )


def test_results_facets_total_and_page(client, indexed):
    response = client.get("/api/v1/search", {"q": "biotech", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert set(data) == {"results", "facets", "total", "ranked", "page"}
    assert (data["total"], data["page"]) == (2, 1)
    results = {r["title"]: r for r in data["results"]}
    first = results["Lublin Biotech Park"]
    assert all(set(r) == RESULT_KEYS for r in data["results"])
    assert first["url"] == "http://testserver/en/members/park/"
    assert (first["kind"], first["sectors"], first["country"]) == (
        "technology-park",
        ["biotechnology"],
        "PL",
    )
    assert "<mark>" in first["highlight"]
    second = results["Biotech week"]
    assert (second["url"], second["date"], second["cluster"]) == (
        "https://kiel.example/en/news/week/",
        "2025-09-01",
        "kiel",
    )
    assert data["facets"]["type"] == {"member": 1, "news": 1}
    assert data["facets"]["lang"] == {"en": 2}
    assert data["facets"]["cluster"] == {"testland": 1, "kiel": 1}


def test_filters_are_the_facets_parameters(client, indexed):
    data = client.get("/api/v1/search", {"q": "biotech", "cluster": "kiel", "lang": "en"}).json()
    assert [r["title"] for r in data["results"]] == ["Biotech week"]
    data = client.get("/api/v1/search", {"q": "biotech", "sector": "biotechnology"}).json()
    assert [r["title"] for r in data["results"]] == ["Lublin Biotech Park"]
    data = client.get("/api/v1/search", {"q": "biotech", "country": "pl"}).json()
    assert data["total"] == 1


@pytest.mark.parametrize(
    ("params", "code", "parameter"),
    [
        ({}, "query_required", "q"),
        ({"q": "  "}, "query_required", "q"),
        ({"q": "a" * 201}, "query_too_long", "q"),
        ({"q": "biotech", "page": "0"}, "invalid_page", "page"),
        ({"q": "biotech", "page": "two"}, "invalid_page", "page"),
        ({"q": "biotech", "page": "99999"}, "invalid_page", "page"),
        ({"q": "biotech", "page": "9" * 5000}, "invalid_page", "page"),
    ],
)
def test_bad_parameters_are_a_400_with_a_code(client, indexed, params, code, parameter):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["parameter"] == parameter
    assert response.json()["error"]["message"]


def test_a_repeated_parameter_is_a_400(client, indexed):
    response = client.get("/api/v1/search?q=biotech&type=news&type=member")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "repeated_parameter"


def test_a_page_after_the_last_is_empty_with_the_total(client, indexed):
    data = client.get("/api/v1/search", {"q": "biotech", "lang": "en", "page": "5"}).json()
    assert (data["results"], data["total"], data["page"]) == ([], 2, 5)


def test_only_punctuation_is_no_results_with_a_message(client, indexed):
    response = client.get("/api/v1/search", {"q": "?!…"})
    assert response.status_code == 200
    data = response.json()
    assert (data["results"], data["total"]) == ([], 0)
    assert "letters or digits" in data["message"]


def test_openapi_describes_the_search_api(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.1")
    operation = document["paths"]["/api/v1/search"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "q", "type", "cluster", "kind", "sector", "country", "lang", "page",
    }  # fmt: skip
    schema = operation["responses"]["200"]["content"]["application/json"]["schema"]
    assert set(schema["properties"]["results"]["items"]["required"]) == RESULT_KEYS
    assert {"400", "503"} <= set(operation["responses"])


def test_openapi_merges_every_apps_paths(client):
    def partner_paths():
        return {"/api/v1/partners/news": {"get": {"responses": {"200": {"description": "ok"}}}}}

    with hooks.register_temporarily("register_openapi_paths", partner_paths):
        paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"/api/v1/search", "/api/v1/partners/news"} <= set(paths)
