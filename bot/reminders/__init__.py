"""Reminders of collection rounds to school LINE groups: what is due (pure) and sending it (jobs)."""
