from app.core import settings


def test_a_setting_is_saved_replaced_and_cleared():
    """On PostgreSQL saving raised ValueError (peewee has no "replace" upsert there)."""
    assert settings.get("expiring_days") == 60
    settings.put("expiring_days", 30)
    settings.put("expiring_days", "45")
    assert settings.get("expiring_days") == 45
    settings.put("language", "en")
    settings.put("language", None)
    assert settings.get("language") == "zh_CN"
