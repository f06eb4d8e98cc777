from db import changelog, models
from ui import ops


def test_background_work_reports_back_on_the_ui_thread(qtbot, app):
    def write():
        with changelog.batch("background insert"):
            models.Organization(name="后台写入单位").save()
        return models.Organization.select().count()

    results = []
    ops.run_in_background(write, results.append, writes=True)
    qtbot.waitUntil(lambda: results == [1])
    assert models.Organization.get().name == "后台写入单位"


def test_background_errors_reach_the_error_callback(qtbot, app):
    def fail():
        raise ValueError("bad input")

    errors = []
    ops.run_in_background(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: len(errors) == 1)
    assert str(errors[0]) == "bad input"
