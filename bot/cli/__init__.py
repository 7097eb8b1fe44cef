"""The `bot` command: one module per command group (services.py builds the app for them)."""

from bot.cli.main import main

__all__ = ["main"]
