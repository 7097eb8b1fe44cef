"""Helpers shared by tests (imported, never collected)."""
