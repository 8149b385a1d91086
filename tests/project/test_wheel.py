"""A built wheel stands alone: installed outside the checkout it serves the page with its assets."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOT_BUILT = (
    ".git",
    ".venv",
    "node_modules",
    "build",
    "*.egg-info",
    ".*_cache",
    ".hypothesis",
    "benchmarks",
    "tests",
)
# What the installed copy prints about itself: where it was imported from and what it serves.
PROBE = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    import dashboard
    from dashboard.server.app import create_app
    client = create_app(data_dir=Path(sys.argv[1])).server.test_client()
    page = client.get("/").get_data(as_text=True)
    print(dashboard.__file__)
    print(client.get("/assets/style.css").status_code, "/assets/style.css" in page)
    print(client.get("/assets/charts.js").status_code)
    print(client.get("/source/000_d541d214e9d92eda.txt").status_code)
    """
)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from this checkout, installed into a folder of its own (its dependencies
    come from the test environment's site-packages, which holds no copy of `dashboard`)."""
    work = tmp_path_factory.mktemp("wheel")
    # A clean copy: an egg-info or build/ left in the checkout would add files to the wheel.
    source = work / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(*NOT_BUILT))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(work / "dist"), str(source)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    (wheel,) = (work / "dist").glob("*.whl")
    target = work / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return target


def run_installed(target: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    """Python with only the installed wheel and the dependencies on its path, run from `cwd`."""
    path = f"{target}:{sysconfig.get_paths()['purelib']}"
    return subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path[:0] = {path.split(':')!r}; " + args[0],
         *args[1:]],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_the_wheel_serves_the_page_with_its_stylesheet_and_scripts(installed, tmp_path):
    result = run_installed(installed, tmp_path, PROBE, str(ROOT / "data"))
    assert result.returncode == 0, result.stderr
    module, style, script, source = result.stdout.split("\n")[:4]
    assert module.startswith(str(installed)), "imported the checkout, not the wheel"
    assert style == "200 True"
    assert script == "200"
    assert source == "200"


def test_without_data_dir_the_installed_command_says_where_it_looks(installed, tmp_path):
    command = "from dashboard.cli import main; raise SystemExit(main(['validate']))"
    result = run_installed(installed, tmp_path, command)
    assert result.returncode == 2
    assert "no data directory at" in result.stderr
    assert "--data-dir DIR" in result.stderr
    assert "Traceback" not in result.stderr
