"""Benchmarks: run as scripts (`python -m benchmarks.<name>`); they print figures, never assert times."""
