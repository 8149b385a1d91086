"""Vendored files match what the installed packages expect."""

import re
from pathlib import Path

from plotly.offline import get_plotlyjs_version

ASSETS = Path(__file__).resolve().parents[2] / "assets"


def test_the_vendored_plotly_bundle_is_the_version_the_plotly_package_ships():
    """dcc.Graph uses the page's Plotly when one is defined: a bundle of another version would
    draw figures the Python package built for its own plotly.js."""
    (bundle,) = ASSETS.glob("plotly-basic-*.min.js")
    header = bundle.read_text(encoding="utf-8")[:200]
    stated = re.search(r"plotly\.js \(basic - minified\) v(\d+\.\d+\.\d+)", header)
    assert stated is not None, header
    assert stated.group(1) == get_plotlyjs_version()
    assert bundle.name == f"plotly-basic-{get_plotlyjs_version()}.min.js"
