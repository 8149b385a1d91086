"""serve: production settings by default, 127.0.0.1 unless told, a warning for every interface."""

import logging

import pytest

from dashboard import serve as serve_module
from dashboard.cli import main


@pytest.fixture
def started(monkeypatch):
    """Run `serve` without binding a port: record what gunicorn and the dev server were given."""
    calls = {}
    monkeypatch.setattr(
        serve_module.DashboardServer, "run", lambda self: calls.setdefault("gunicorn", self.options)
    )
    monkeypatch.setattr("dash.Dash.run", lambda self, **kw: calls.setdefault("dev", kw))
    return calls


def test_defaults_are_gunicorn_on_loopback_without_debug(started, real_data_dir, caplog):
    assert main(["serve", "--data-dir", str(real_data_dir)]) == 0
    options = started["gunicorn"]
    assert options["bind"] == "127.0.0.1:8050"
    assert options["workers"] == 2
    assert "dev" not in started
    assert "exposes" not in caplog.text


def test_every_interface_is_allowed_with_a_warning(started, real_data_dir, caplog):
    with caplog.at_level(logging.WARNING, logger="dashboard"):
        assert (
            main(["serve", "--data-dir", str(real_data_dir), "--host", "0.0.0.0", "--workers", "3"])
            == 0
        )
    assert started["gunicorn"]["bind"] == "0.0.0.0:8050"
    assert started["gunicorn"]["workers"] == 3
    assert "exposes the dashboard to every network" in caplog.text


def test_debug_only_when_asked(started, real_data_dir):
    assert main(["serve", "--data-dir", str(real_data_dir), "--debug", "--port", "9000"]) == 0
    assert started["dev"] == {"host": "127.0.0.1", "port": 9000, "debug": True}
    assert "gunicorn" not in started
