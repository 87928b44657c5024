"""--metadata-from-backend with the backend's build requirements installed in an isolated
environment (as `build` does), --no-build-isolation, and the errors of both."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from conftest import write

from modlint.metadata import backend

# A PEP 517 backend that exists only as a wheel file in the test's folder, never beside modlint:
# its metadata's Requires-Dist are the words of the project's requirements.txt.
TINY_BACKEND = """
import os, time

def get_requires_for_build_wheel(config_settings=None):
    return []

def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    if os.path.exists("slow"):
        time.sleep(60)
    if os.path.exists("fail"):
        raise SystemExit("boom \\x1b[31m red")
    with open("requirements.txt") as listed:
        requirements = listed.read().split()
    info = os.path.join(metadata_directory, "shop-1.0.dist-info")
    os.makedirs(info)
    with open(os.path.join(info, "METADATA"), "w") as metadata:
        metadata.write("Metadata-Version: 2.1\\nName: shop\\nVersion: 1.0\\n")
        metadata.writelines(f"Requires-Dist: {line}\\n" for line in requirements)
    return "shop-1.0.dist-info"

def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    raise RuntimeError("only the metadata is asked for")
"""

PROJECT = """
[build-system]
requires = [{requires}]
build-backend = "{backend}"

[project]
name = "shop"
version = "1.0"
dynamic = ["dependencies"]

[tool.modlint]
{extra}
[tool.modlint.modules.web]
"""

NUMPY_UNDECLARED = [
    "web/__init__.py:2:8: ML005 module 'web' imports 'numpy' from distribution 'numpy', "
    "which the project does not declare as a dependency",
]


def tiny_backend_wheel(folder: Path) -> Path:
    """A wheel of the module `tinybackend` (TINY_BACKEND) in ``folder``."""
    wheel = folder / "tinybackend-1.0-py3-none-any.whl"
    info = "tinybackend-1.0.dist-info"
    files = {
        "tinybackend.py": TINY_BACKEND,
        f"{info}/METADATA": "Metadata-Version: 2.1\nName: tinybackend\nVersion: 1.0\n",
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: hand\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{name},,\n" for name in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(wheel, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return wheel


def shop(tmp_path: Path, requires: str = "", backend: str = "tinybackend", extra: str = "") -> Path:
    """A project whose backend is the tiny one (required from its wheel unless ``requires``
    says otherwise) and whose module `web` imports requests and numpy."""
    if not requires:
        requires = f'"tinybackend @ {tiny_backend_wheel(tmp_path).as_uri()}"'
    return write(
        tmp_path / "shop",
        {
            "pyproject.toml": PROJECT.format(requires=requires, backend=backend, extra=extra),
            "requirements.txt": "requests>=2\n",
            "web/__init__.py": "import requests\nimport numpy\n",
        },
    )


def test_the_backend_is_provisioned_in_an_isolated_environment(modlint, tmp_path: Path) -> None:
    assert importlib.util.find_spec("tinybackend") is None  # not beside modlint
    root = shop(tmp_path)
    run = modlint("--select", "ML005", "--metadata-from-backend", cwd=root)
    assert (run.code, run.lines, run.err) == (1, NUMPY_UNDECLARED, "Found 1 error.\n")
    [cached] = (root / ".modlint_cache").glob("metadata-*.json")
    assert json.loads(cached.read_text()) == ["requests>=2"]
    # The next run answers from the cache: no environment, no backend.
    (root / "slow").write_text("")
    run = modlint("--select", "ML005", "--metadata-from-backend", cwd=root)
    assert (run.code, run.lines) == (1, NUMPY_UNDECLARED)


def test_no_build_isolation_uses_the_backend_beside_modlint(modlint, tmp_path: Path) -> None:
    root = shop(tmp_path)
    expected = (
        "modlint: error: --metadata-from-backend: the build backend 'tinybackend' is not "
        "installed beside modlint (build isolation is off: install it there, or turn isolation on)\n"
    )
    run = modlint("--metadata-from-backend", "--no-build-isolation", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (2, "", expected)
    # The same through the configuration.
    root = shop(tmp_path, extra='metadata = "build-backend"\nbuild-isolation = false')
    run = modlint("--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (2, "", expected)


def test_a_requirement_pip_cannot_install_is_named(modlint, tmp_path: Path) -> None:
    root = shop(tmp_path, requires='"nonexistent-pkg-zzz>=1.0"')
    run = modlint("--metadata-from-backend", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --metadata-from-backend: could not install build requirement "
        "'nonexistent-pkg-zzz>=1.0': No matching distribution found for "
        "nonexistent-pkg-zzz>=1.0\n",
    )


def test_a_failing_backend_is_one_escaped_line(modlint, tmp_path: Path) -> None:
    root = shop(tmp_path)
    (root / "fail").write_text("")
    run = modlint("--metadata-from-backend", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --metadata-from-backend: the build backend failed: boom \\x1b[31m red\n",
    )


def test_the_time_limit_covers_provisioning_and_the_backend(
    modlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shop(tmp_path)
    (root / "slow").write_text("")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    monkeypatch.setattr(backend, "TIMEOUT_SECONDS", 4)
    run = modlint("--metadata-from-backend", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: --metadata-from-backend: the build backend did not answer within 4 s "
        "(installing its build requirements included)\n",
    )
    assert list(temporary.iterdir()) == []  # the environment and the answer file are gone


def test_a_setuptools_project_gets_the_setuptools_it_requires(modlint, tmp_path: Path) -> None:
    # Not the setuptools installed beside modlint: setup.py records which one runs it.
    import setuptools

    assert setuptools.__version__ != "80.9.0"
    root = write(
        tmp_path / "shop",
        {
            "pyproject.toml": '[build-system]\nrequires = ["setuptools==80.9.0"]\n'
            'build-backend = "setuptools.build_meta"\n'
            "[tool.modlint]\n[tool.modlint.modules.web]\n",
            "setup.py": "import setuptools\nsetuptools.setup(name='shop', version='1.0', "
            "packages=['web'], install_requires=['requests', "
            "'run-by-setuptools==' + setuptools.__version__])\n",
            "web/__init__.py": "import requests\nimport numpy\n",
        },
    )
    run = modlint("--select", "ML005", "--metadata-from-backend", cwd=root)
    assert (run.code, run.lines, run.err) == (1, NUMPY_UNDECLARED, "Found 1 error.\n")
    [cached] = (root / ".modlint_cache").glob("metadata-*.json")
    assert json.loads(cached.read_text()) == ["requests", "run-by-setuptools==80.9.0"]


@pytest.mark.parametrize(
    ("output", "named"),
    [
        (
            "ERROR: Could not find a version that satisfies the requirement Setuptools>=999 "
            "(from versions: 70.0.0)\nERROR: No matching distribution found for Setuptools>=999",
            "setuptools>=999",
        ),
        (
            "ERROR: No matching distribution found for wheel_zzz[extra]",
            "wheel-zzz[extra]; os_name != 'x'",
        ),
        ("ERROR: something else entirely", None),
    ],
)
def test_the_requirement_pip_names_is_found_among_the_written_ones(output, named) -> None:
    from modlint.metadata.provision import _requirement_named

    written = ["setuptools>=999", "wheel-zzz[extra]; os_name != 'x'", "hatchling"]
    assert _requirement_named(written, output) == named


def test_ctrl_c_stops_the_child_and_everything_it_started(
    modlint, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = shop(tmp_path)
    (root / "slow").write_text("")
    children = []
    communicate = subprocess.Popen.communicate

    def interrupted(self, *args, **kwargs):  # the first wait is interrupted, as by Ctrl-C
        if not children:
            children.append(self.pid)
            time.sleep(1)
            raise KeyboardInterrupt
        return communicate(self, *args, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "communicate", interrupted)
    run = modlint("--metadata-from-backend", "--no-cache", cwd=root)
    assert (run.code, run.out, run.err) == (130, "", "modlint: interrupted\n")
    assert group_ends_within(children[0], 5.0)


def group_ends_within(group: int, seconds: float) -> bool:
    """Whether no process of ``group`` is left (killed ones reaped) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False
