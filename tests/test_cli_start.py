"""The command line starts with what the command needs: the crash test starts it dozens of times,
and an officer's scripts as often."""

import subprocess
import sys

from tests.conftest import REPO

HEAVY = ("reportlab", "openpyxl", "pypinyin", "app.reports", "app.exchange.exporting",
         "app.exchange.merge", "PySide6")


def loaded_after(argv: list[str]) -> set[str]:
    code = ("import sys\nfrom app import cli\n"
            f"args = cli.build_parser().parse_args({argv!r})\n"
            "print(' '.join(sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, check=True)
    return set(done.stdout.split())


def test_parsing_a_command_loads_no_other_commands_implementation():
    assert not set(HEAVY) & loaded_after(["check"])
    assert not set(HEAVY) & loaded_after(["search", "张"])


def test_a_checked_value_loads_its_list_when_given():
    assert "app.reports" in loaded_after(["report", "roster", "--out", "x.pdf"])
    assert "app.exchange.exporting" in loaded_after(["export", "commissioners", "x.xlsx"])
