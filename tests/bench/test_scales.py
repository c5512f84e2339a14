"""The sizes of a run: sweeps parsed from the environment, data grown between sizes."""

from __future__ import annotations

from bench.scales import SCALES, SWEEPS, growth, peer_content, search_content, sizes_for


def test_every_scale_sweeps_at_least_two_sizes_smallest_first():
    for scale in SCALES:
        sizes = sizes_for(scale)
        for name in SWEEPS:
            assert len(sizes[name]) >= 2 and list(sizes[name]) == sorted(sizes[name]), scale


def test_full_scale_reaches_the_issue_sizes():
    sizes = sizes_for("full")
    assert peer_content(sizes["peer_items"][-1]) == {"members": 20000, "news": 10000}
    assert sizes["search_members"] == (1000, 10000, 100000)


def test_a_sweep_is_overridden_as_a_comma_separated_list(monkeypatch):
    monkeypatch.setenv("BENCH_SEARCH_MEMBERS", "5000,200")
    monkeypatch.setenv("BENCH_PROPAGATION", "3")
    sizes = sizes_for("smoke")
    assert sizes["search_members"] == (200, 5000)
    assert sizes["propagation"] == 3


def test_growth_generates_each_item_once():
    steps = growth(search_content, (1000, 10000, 100000))
    assert steps[0] == search_content(1000)
    assert sum(s["members"] for s in steps) == 100000
    assert sum(s["news"] for s in steps) == search_content(100000)["news"]
    assert all(count >= 0 for step in steps for count in step.values())
