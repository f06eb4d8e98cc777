"""On a screen at 200 % (Qt scales by monitor; QT_SCALE_FACTOR stands in for Windows' setting):
the main window and the program's own pictures are drawn in the screen's pixels, not enlarged."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from PIL import Image

from tests.conftest import REPO

SCRIPT = """
import json, sys
from PySide6.QtGui import QColor, QGuiApplication, QImage
from app.activities import attachments
from app.data import session
from db.models import Event
from ui.application import create_application
from ui.common.attachment_panel import AttachmentPanel
from ui.main_window import show_main_window

app = create_application()
info = session.open_session(sys.argv[1], expire=False)
window = show_main_window(info)
window.resize(1000, 640)
window.show_screen("commissioners")
for _ in range(50):
    app.processEvents()
window.grab().save(sys.argv[2])
photo = QImage(720, 540, QImage.Format.Format_RGB32)
photo.fill(QColor("#1b5e20"))
photo.save(sys.argv[3])
event = Event.select().first()
attachments.add("event", event.uuid, sys.argv[3])
panel = AttachmentPanel()
panel.set_owner("event", event.uuid)
panel.show()
panel.list.setCurrentRow(0)
shown = panel.preview.pixmap()
print(json.dumps({"policy": QGuiApplication.highDpiScaleFactorRoundingPolicy().name,
                  "ratio": shown.devicePixelRatio(), "width": shown.width()}))
window.close()
session.close_session()
"""


def test_at_200_percent_the_window_and_a_photo_preview_are_sharp(demo_file, tmp_path):
    database = tmp_path / "demo.db"
    shutil.copyfile(demo_file[0], database)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QT_SCALE_FACTOR": "2",
           "PYTHONPATH": str(REPO), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(database), str(tmp_path / "w.png"),
                           str(tmp_path / "photo.png")], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout.splitlines()[-1])
    assert seen["policy"] == "PassThrough"
    # The 360×270 preview holds 720 device pixels across, not 360 enlarged.
    assert (seen["ratio"], seen["width"]) == (2.0, 720)
    assert Image.open(tmp_path / "w.png").size == (2000, 1280)
