"""Benchmarks, run by `make bench` (python -m bench). Never part of `make test`."""
