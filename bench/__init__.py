"""Benchmarks: `make bench` (python -m bench). Each module exposes run() and prints its numbers."""
