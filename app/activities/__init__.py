"""Events, check-in at an event's door, service logs, and the files attached to them."""
