"""Benchmarks: each measures a ratio against a baseline in the same run (see RESULTS.md)."""
