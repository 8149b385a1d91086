"""Serving: the Flask/Dash app, its routes, the source page, hardening, gunicorn."""
