"""The dashboard screen and its parts."""
