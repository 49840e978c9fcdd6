"""Benchmarks: heavy measurements that live outside the test suite (see README, "Benchmarks")."""
