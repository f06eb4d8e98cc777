"""The start-up probe of ``tests/benchmarks/frozen.py``: the same code in the source tree and in
the frozen program, so that both are measured alike.

It runs before the program's main: in the source tree as ``python startup_probe.py main.py
ARGS…``, in the frozen program as a PyInstaller runtime hook (``build.py --probe``). When the
program shows its main window (``ui.main_window.show_main_window``), the probe puts the window on
the commissioner list, waits for its first page, prints
``{"seconds": …}`` — the time since ``CDESK_PROBE_STARTED``, the parent's clock when it spawned
the process — and exits.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import json
import os
import runpy
import sys
import time


def _first_page_then_exit(module) -> None:
    show = module.show_main_window

    def shown(info, start=None):
        from PySide6.QtWidgets import QApplication

        window = show(info, start="commissioners")  # as the start-up benchmark: the list
        model = window.screens["commissioners"].model
        while model.loading or not model.rowCount():
            QApplication.processEvents()
            time.sleep(0.001)
        QApplication.processEvents()
        seconds = time.time() - float(os.environ["CDESK_PROBE_STARTED"])
        print(json.dumps({"seconds": seconds}), flush=True)
        os._exit(0)

    module.show_main_window = shown


class _Loader(importlib.abc.Loader):
    def __init__(self, loader):
        self.loader = loader

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module):
        self.loader.exec_module(module)
        _first_page_then_exit(module)  # before ui.application imports the name


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != "ui.main_window":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        spec.loader = _Loader(spec.loader)
        return spec


sys.meta_path.insert(0, _Finder())

if __name__ == "__main__" and not getattr(sys, "frozen", False):  # a runtime hook runs as main too
    script = sys.argv[1]
    sys.argv = sys.argv[1:]
    sys.path[0] = os.path.dirname(os.path.abspath(script))
    runpy.run_path(script, run_name="__main__")
