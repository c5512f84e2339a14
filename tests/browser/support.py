"""What the browser tests share: Debian's Chromium, step screenshots, axe-core."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from sites.instance import ROOT, Instance

CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, never a browser build of Playwright's own (`playwright install`
# downloads one, which this project does not do). Without the background-networking
# flags Chromium keeps trying to reach Google's hosts.
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
# What fails the accessibility check; "moderate" and "minor" are reported only.
BLOCKING_IMPACTS = ("serious", "critical")


class Screens:
    """Full-page screenshots of a test's steps: test-artifacts/browser/<test>/NN-<step>.png."""

    def __init__(self, test_name: str):
        self.folder = ARTIFACTS / re.sub(r"[^\w.-]+", "-", test_name).strip("-")
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.count = 0

    def __call__(self, page, step: str) -> Path:
        self.count += 1
        path = self.folder / f"{self.count:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    def save_json(self, name: str, data) -> None:
        (self.folder / name).write_text(json.dumps(data, indent=1, ensure_ascii=False))


@dataclass(frozen=True)
class AxeViolation:
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self):
        return f"{self.impact}: {self.rule} ({self.help}) at {', '.join(self.targets[:5])}"


def axe_run(page) -> list[AxeViolation]:
    """Run axe-core's default rules (WCAG 2 A/AA and best practices) on the page as shown.

    The page's context must bypass the Content-Security-Policy (``bypass_csp=True``):
    the sites allow no inline script, and the injected axe is one.
    """
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        AxeViolation(
            rule=v["id"],
            impact=v["impact"] or "minor",
            help=v["help"],
            targets=[" ".join(map(str, node["target"])) for node in v["nodes"]],
        )
        for v in results["violations"]
    ]


def shell_json(instance: Instance, code: str):
    """Run ``code`` in the instance's ``manage.py shell``; its last line of output as JSON."""
    return json.loads(instance.shell(code).strip().splitlines()[-1])
