"""Citations and permalinks name the configured origin, never the Host header a client sends."""

from __future__ import annotations

import pytest

from dashboard.cli import main
from dashboard.server.app import create_app
from dashboard.server.serve import default_origin
from dashboard.web.origin import OriginError, checked_origin, site_origin

FIGURE = "000-petrograd-reliable-troops-1917"
ORIGIN = "https://figures.example.org"
HOSTILE = {"Host": "attacker.example"}


@pytest.fixture(scope="module")
def configured():
    return create_app(origin=ORIGIN + "/")


def test_the_figure_page_and_its_formats_cite_the_configured_origin(configured):
    client = configured.server.test_client()
    for suffix in ("", ".bib", ".ris", ".csl.json", ".json"):
        body = client.get(f"/figure/{FIGURE}{suffix}", headers=HOSTILE).get_data(as_text=True)
        assert f"{ORIGIN}/figure/{FIGURE}" in body, suffix
        assert "attacker.example" not in body, suffix


def test_the_embed_links_back_to_the_configured_origin(configured):
    client = configured.server.test_client()
    body = client.get("/embed/famine", headers=HOSTILE).get_data(as_text=True)
    assert f'href="{ORIGIN}/' in body
    assert "attacker.example" not in body


def test_the_page_citation_panel_uses_the_configured_origin(configured):
    with configured.server.test_request_context("/", headers=HOSTILE):
        assert site_origin() == ORIGIN


def test_without_configuration_the_dev_server_falls_back_to_its_request():
    app = create_app()
    with app.server.test_request_context("/", base_url="http://127.0.0.1:9999"):
        assert site_origin() == "http://127.0.0.1:9999"


@pytest.mark.parametrize(
    "text",
    ["figures.example.org", "javascript:alert(1)", "ftp://x.example", "https://x.example/path",
     "https://x.example/?q=1", "https://user@x.example", "https://x.example:99999"],
)  # fmt: skip
def test_an_origin_that_is_not_scheme_host_port_is_refused(text):
    with pytest.raises(OriginError):
        checked_origin(text)


def test_a_plain_origin_is_kept_without_its_trailing_slash():
    assert checked_origin("https://x.example:8443/") == "https://x.example:8443"


def test_serve_defaults_to_the_address_it_binds():
    assert default_origin("127.0.0.1", 8050) == "http://127.0.0.1:8050"
    assert default_origin("::1", 8050) == "http://[::1]:8050"


def test_serve_refuses_a_bad_origin_in_one_line(capsys):
    assert main(["serve", "--port", "8097", "--origin", "not an origin"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: --origin")
    assert err.count("\n") == 1
