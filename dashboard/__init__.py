"""Figures dashboard: every figure stated in a set of history documents, traced to its sentence."""
