"""The events, check-in and service-log screens, their pages and forms."""
