"""The application layer: services between the screens and the database."""

APP_NAME = "CommissionerDesk"  # folders, settings and the Qt application are named after it
