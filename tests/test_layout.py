"""The generic top-level names must be this repository's packages, not something installed."""

import importlib
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.parametrize("name", ["app", "ui", "db", "resources"])
def test_top_level_package_resolves_inside_the_repository(name):
    module = importlib.import_module(name)
    assert Path(module.__file__).resolve().parent == REPO / name
