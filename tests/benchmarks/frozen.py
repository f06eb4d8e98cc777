"""The frozen program's size and start-up against the source tree's, measured alike:

    uv run --group build python -m tests.benchmarks.frozen --db PROVINCE.db [--repeat 5]

Builds the frozen program with the start-up probe (``startup_probe.py``) in a temporary folder,
copies the database there (a start takes its lock and may upgrade it: the original is only
read), then starts the source tree (``python main.py``, from compiled modules as the start-up
benchmark does) and the frozen program in turn (which one first alternates), each in a new
process, until the main window shows the commissioner list's first page. Prints the medians, the
median ratio of the two starts of each round, and the folder's size.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("startup_probe.py")
sys.path.insert(0, str(ROOT / "packaging"))

import bundle  # noqa: E402
from build import size_mb  # noqa: E402


def _seconds(command: list[str], env: dict) -> float:
    env = {**env, "CDESK_PROBE_STARTED": repr(time.time())}
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"{command[0]} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])["seconds"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the database (copied, not written)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cdesk-frozen-") as temporary:
        folder = Path(temporary)
        subprocess.run([sys.executable, str(ROOT / "packaging" / "build.py"), "--dist",
                        str(folder / "dist"), "--work", str(folder / "work"), "--probe", str(PROBE)],
                       check=True)
        program = folder / "dist" / bundle.FOLDER
        database = folder / "register.db"
        shutil.copyfile(args.db, database)
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(QT_QPA_PLATFORM="offscreen", PYTHONPYCACHEPREFIX=str(folder / "pycache"),
                   XDG_CONFIG_HOME=str(folder / "config"), XDG_DATA_HOME=str(folder / "data"),
                   XDG_STATE_HOME=str(folder / "state"), XDG_CACHE_HOME=str(folder / "cache"))
        commands = {
            "source tree": [sys.executable, str(PROBE), "main.py", "--db", str(database)],
            "frozen": [str(program / bundle.GUI_NAME), "--db", str(database)],
        }
        for command in commands.values():  # warm-up: compiled modules, the system's file cache
            _seconds(command, env)
        taken = {name: [] for name in commands}
        for round_ in range(args.repeat):  # which starts first alternates
            for name, command in list(commands.items())[::1 if round_ % 2 == 0 else -1]:
                taken[name].append(_seconds(command, env))
        for name, seconds in taken.items():
            print(f"{name}: start-up to the first page {statistics.median(seconds):.3f} s "
                  f"(median of {args.repeat}: {', '.join(f'{s:.3f}' for s in seconds)})")
        # each frozen start against the source tree's of the same round: a shared machine's load
        # drifts over a run, and moves both of a pair alike
        ratios = [ours / source for source, ours in zip(*taken.values(), strict=True)]
        print(f"frozen / source tree, pair by pair: median {statistics.median(ratios):.2f}")
        print(f"frozen folder: {size_mb(program):.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
