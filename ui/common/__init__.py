"""What every screen builds on: the one form base, the one paged model base, and the widgets."""
