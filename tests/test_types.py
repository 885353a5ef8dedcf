"""The generator type-checks: mypy, configured in pyproject.toml ([tool.mypy]), finds no error.

Expected to fail until the modules being rewritten (validate, diff, render/site, scaffold,
staff/propose) are fixed; the xfail mark goes when they are.
"""
from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.xfail(strict=False, reason="mypy errors remain in modules being rewritten (issue 14)")
def test_mypy_finds_no_error() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
