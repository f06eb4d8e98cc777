"""Data in and out: the File menu's import, export, backups and field packages, and their dialogs."""
