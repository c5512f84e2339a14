"""Benchmarks of clusterweb (issue 9): ``python -m bench --out bench/results``.

See bench/README.md. Nothing here is product code: instances run with
``bench.settings``, which adds this app (its ``bench_task`` command) and a bare view.
"""
