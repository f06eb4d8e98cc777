"""The audit trail screen and the recycle bin."""
