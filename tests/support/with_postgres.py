"""Run a command against a throw-away PostgreSQL server: ``with_postgres.py CMD ...``.

Starts Debian's PostgreSQL 15 (``/usr/lib/postgresql/15/bin``; override with
PG_BIN) in a temporary directory on a free loopback port, as the ``postgres``
user when run as root, sets DATABASE_URL for the command, and removes
everything afterwards. Used by ``make test`` and the benchmarks.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server():
    """Yield the DATABASE_URL of a fresh server; stop and delete it on exit."""
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(
            f"PostgreSQL is not installed ({PG_BIN}/initdb is missing): apt-get install postgresql"
        )
    workdir = Path(tempfile.mkdtemp(prefix="clusterweb-pg-"))
    data = workdir / "data"
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres", "postgres")
    port = free_port()
    run = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run(
        _as_postgres(
            [str(PG_BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
             "-E", "UTF8", "--locale=C.UTF-8"]
        ),
        **run,
    )  # fmt: skip
    options = f"-c listen_addresses=127.0.0.1 -p {port} -k {workdir} -c fsync=off"
    subprocess.run(
        _as_postgres(
            [str(PG_BIN / "pg_ctl"), "-D", str(data), "-o", options, "-w",
             "-l", str(workdir / "server.log"), "start"]
        ),
        **run,
    )  # fmt: skip
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _as_postgres([str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        shutil.rmtree(workdir, ignore_errors=True)


def main(argv: list[str]) -> int:
    if not argv:
        raise SystemExit("usage: with_postgres.py COMMAND [ARGS...]")
    with postgres_server() as url:
        print(f"PostgreSQL test server: {url}", flush=True)
        return subprocess.run(argv, env={**os.environ, "DATABASE_URL": url}).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
