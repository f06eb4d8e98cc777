"""Take the pictures of docs/screenshots/: ``uv run python -m tests.screenshots [PYTEST ARGS]``.

The tests that take pictures run, and write them there instead of into a temporary folder (the
test suite leaves the repository as it was). Extra arguments go to pytest (``-k dashboard``).
"""

import os
import sys
from pathlib import Path

import pytest

FOLDER = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
# The folder the tests write their pictures to when set; only the tests that take them run.
SCREENSHOTS_TO = "CDESK_SCREENSHOTS"

if __name__ == "__main__":
    os.environ[SCREENSHOTS_TO] = str(FOLDER)
    sys.exit(pytest.main(["-q", "-p", "no:cacheprovider", str(FOLDER.parent.parent / "tests"),
                          *sys.argv[1:]]))
