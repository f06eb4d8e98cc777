import os
import subprocess
import sys

from tests.conftest import REPO


def test_a_server_named_but_not_reached_fails_the_run():
    """CI names the server it started; a run that cannot reach it must fail, not skip."""
    environment = {**os.environ,
                   "CDESK_TEST_POSTGRES_URL": "postgresql://cdesk:cdesk@127.0.0.1:1/cdesk_test"}
    run = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                          "tests/app/test_settings.py"], cwd=REPO, env=environment,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    assert "CDESK_TEST_POSTGRES_URL is set but the server is not reached" in run.stderr + run.stdout
