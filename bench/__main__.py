"""``python -m bench --out bench/results [--scale default] [--only initial_sync,search]``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .runner import SCENARIOS, run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--out", type=Path, default=Path("bench/results"))
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE", "default"),
        help="smoke, default or full (or BENCH_SCALE)",
    )
    parser.add_argument(
        "--only", default=",".join(SCENARIOS), help=f"comma-separated: {', '.join(SCENARIOS)}"
    )
    args = parser.parse_args(argv)
    only = tuple(name for name in args.only.split(",") if name)
    unknown = set(only) - set(SCENARIOS)
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(sorted(unknown))}")
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    result = run(scale=args.scale, out=args.out, only=only, command=command.strip())
    failed = [
        s["id"] for s in result["scenarios"] if str(s.get("skipped", "")).startswith("failed")
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
