"""Benchmarks and the soak test; run with `make bench` and `make soak`."""
