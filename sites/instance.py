"""One cluster instance as operating-system processes: its manage.py, web server,
task worker and periodic pull. Used by the demo network and the tests that
start real instances; every instance has its own VAR_DIR and so its own database.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class InstanceError(RuntimeError):
    pass


@dataclass
class Instance:
    slug: str
    port: int
    var_dir: Path
    cluster_file: Path | None = None  # None: sites/clusters/<slug>.toml
    settings: str = "sites.settings.dev"
    web_workers: int = 2
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def logs(self) -> Path:
        path = self.var_dir / self.slug / "logs"
        path.mkdir(parents=True, exist_ok=True)
        return path

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CLUSTER_FILE")}
        env.update(
            CLUSTER=self.slug,
            VAR_DIR=str(self.var_dir),
            DJANGO_SETTINGS_MODULE=self.settings,
            SITE_URL=self.url,
        )
        if self.cluster_file is not None:
            env["CLUSTER_FILE"] = str(self.cluster_file)
        return env

    def manage(self, *args: str, timeout: float = 600) -> str:
        """Run ``manage.py ARGS`` for this instance; its stdout, or InstanceError."""
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if result.returncode != 0:
            raise InstanceError(
                f"[{self.slug}] manage.py {' '.join(args)} failed:\n{result.stderr[-4000:]}"
            )
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "--no-imports", "-c", code)

    def start(self, *, worker: bool = True, pull_interval: float | None = None) -> None:
        self._spawn(
            "web",
            [
                PYTHON, "-m", "gunicorn", "sites.wsgi:application",
                "--bind", f"127.0.0.1:{self.port}", "--workers", str(self.web_workers),
                "--threads", "2", "--access-logfile", str(self.logs / "access.log"),
            ],
        )  # fmt: skip
        port_wait(self.port, process=self.processes["web"])
        if worker:
            self.start_worker()
        if pull_interval:
            pull = ["federation", "sync", "--loop", "--interval", str(pull_interval)]
            self._spawn("pull", [PYTHON, "manage.py", *pull])

    def start_worker(self) -> None:
        """The django-tasks worker: runs notices and notified syncs."""
        self._spawn("worker", [PYTHON, "manage.py", "db_worker", "--interval", "0.2"])

    def _spawn(self, name: str, command: list[str]) -> None:
        with (self.logs / f"{name}.log").open("ab") as out:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env(),
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def alive(self) -> bool:
        return all(p.poll() is None for p in self.processes.values())

    def stop(self, timeout: float = 10) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        for process in self.processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.processes.clear()


def port_wait(port: int, *, process: subprocess.Popen | None = None, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise InstanceError(f"the server for port {port} exited with {process.returncode}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise InstanceError(f"nothing answered on port {port} within {timeout} s")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def network_connect(instances: list[Instance], names: dict[str, str] | None = None) -> None:
    """Give each instance a key pair and make every other instance its peer."""
    names = names or {}
    keys = {
        i.slug: i.manage("federation", "keys", "generate", "--if-missing").strip()
        for i in instances
    }
    for instance in instances:
        peers = [
            {"slug": p.slug, "url": p.url, "public_key": keys[p.slug], "name": names.get(p.slug)}
            for p in instances
            if p is not instance
        ]
        peers_file = instance.var_dir / instance.slug / "peers.json"
        peers_file.parent.mkdir(parents=True, exist_ok=True)
        peers_file.write_text(json.dumps(peers))
        instance.manage("federation", "peers", "import", "--file", str(peers_file))
