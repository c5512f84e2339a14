"""A project's status comes from its dates compared with today, never from a stored field."""

import datetime

import pytest

from plugins.projects.models import ProjectPage, ProjectStatus, project_status_for
from plugins.projects.selectors import project_list, project_running_list

from .factories import days_from_today, project_create, project_indexes


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (10, 100, ProjectStatus.PLANNED),
        (-10, 100, ProjectStatus.RUNNING),
        (0, 0, ProjectStatus.RUNNING),  # both bounds are inclusive
        (-100, -1, ProjectStatus.COMPLETED),
        (None, None, ProjectStatus.RUNNING),
        (None, -1, ProjectStatus.COMPLETED),
        (1, None, ProjectStatus.PLANNED),
    ],
)
def test_status_is_derived_from_dates_relative_to_today(start, end, expected):
    page = ProjectPage(
        start_date=None if start is None else days_from_today(start),
        end_date=None if end is None else days_from_today(end),
    )
    assert page.status == expected


def test_status_changes_with_the_date_without_saving_anything():
    start, end = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    statuses = [
        project_status_for(start=start, end=end, today=datetime.date(2023, 12, 31)),
        project_status_for(start=start, end=end, today=datetime.date(2024, 6, 1)),
        project_status_for(start=start, end=end, today=datetime.date(2025, 1, 1)),
    ]
    assert statuses == ["planned", "running", "completed"]
    assert "status" not in {f.name for f in ProjectPage._meta.get_fields()}


def test_index_order_running_then_planned_then_completed_by_start_date(home_pages):
    index = project_indexes(home_pages=home_pages)["pl"]
    specs = {
        "done-late": (-50, -5),
        "later": (30, 60),
        "run-b": (-5, 5),
        "done-early": (-100, -60),
        "soon": (3, 60),
        "run-a": (-20, 20),
    }
    for title, (start, end) in specs.items():
        project_create(
            index=index,
            title=title,
            start_date=days_from_today(start),
            end_date=days_from_today(end),
        )
    titles = [p.title for p in project_list(locale=index.locale)]
    assert titles == ["run-a", "run-b", "soon", "later", "done-early", "done-late"]
    running = project_running_list(locale=index.locale, limit=5)
    assert [p.title for p in running] == ["run-a", "run-b"]


def test_project_list_is_per_locale_and_live_only(home_pages):
    indexes = project_indexes(home_pages=home_pages)
    project_create(index=indexes["pl"], title="Polski")
    project_create(index=indexes["en"], title="English")
    draft = project_create(index=indexes["en"], title="Draft")
    draft.unpublish()
    assert [p.title for p in project_list(locale=indexes["en"].locale)] == ["English"]
    assert [p.title for p in project_list(locale=indexes["pl"].locale)] == ["Polski"]
