"""The dashboard's figures for a period and the reminders of what needs the officer's attention."""
