"""Build the frozen program, one folder: `uv run --group build python packaging/build.py`.

Runs PyInstaller on commissioner_desk.spec into DIST/CommissionerDesk (default: dist/ of the
repository, which git ignores), then checks that the folder holds what bundle.py lists: both
programs, the compiled translations, and each Qt plugin kept for this system. Exit 1 otherwise.
"""

from __future__ import annotations

import argparse
import fnmatch
import sys
from pathlib import Path

import bundle
import PyInstaller.__main__


def problems(folder: Path) -> list[str]:
    """What the built folder lacks of what bundle.py lists."""
    found = []
    suffix = ".exe" if sys.platform == "win32" else ""
    for name in (bundle.GUI_NAME, bundle.CLI_NAME):
        if not (folder / f"{name}{suffix}").is_file():
            found.append(f"no program {name}{suffix}")
    files = [path.relative_to(folder) for path in folder.rglob("*") if path.is_file()]
    for language in bundle.CATALOGS:
        if not any(path.match(f"resources/locale/{language}/LC_MESSAGES/*.mo") for path in files):
            found.append(f"no compiled catalog for {language}")
    for kind, pattern in bundle.QT_PLUGINS[bundle.platform_key()]:
        if not any(path.parent.name == kind and path.parent.parent.name == "plugins"
                   and fnmatch.fnmatch(bundle.plugin_stem(path.name), pattern)
                   for path in files):
            found.append(f"no Qt plugin {kind}/{pattern} (did the PySide6 hook leave it out?)")
    return found


def size_mb(folder: Path) -> float:
    return sum(path.stat().st_size for path in folder.rglob("*")
               if path.is_file() and not path.is_symlink()) / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=bundle.ROOT / "dist",
                        help="where the program's folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=bundle.ROOT / "build" / "pyinstaller",
                        help="PyInstaller's working folder, kept between builds (default: build/)")
    parser.add_argument("--probe", type=Path, help=argparse.SUPPRESS)  # tests/benchmarks/frozen.py
    args = parser.parse_args()
    PyInstaller.__main__.run([
        str(Path(__file__).with_name("commissioner_desk.spec")), "--noconfirm",
        "--log-level", "WARN", "--distpath", str(args.dist), "--workpath", str(args.work),
        *(["--", "--probe", str(args.probe.resolve())] if args.probe else []),
    ])
    folder = args.dist / bundle.FOLDER
    found = problems(folder)
    for problem in found:
        print(f"build.py: {problem}", file=sys.stderr)
    if found:
        return 1
    print(f"built {folder} ({size_mb(folder):.0f} MB), version {bundle.version()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
