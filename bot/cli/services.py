"""Build the app's services for a command: the one place the CLI reads the environment (through the factory)."""

from __future__ import annotations

import click

from bot.settings import Settings, SettingsError


def build(workers: int = 0, schema: bool = True):  # type: ignore[no-untyped-def]
    """Build the app with the given number of background workers and return its services.

    With `schema`, refuse to go on (a clear message, not a traceback) when the database is not migrated.
    """
    from bot import create_app
    from bot.storage import migrate

    try:
        app = create_app(Settings.from_env().with_(background_workers=workers, serve_simulator=False))
    except SettingsError as exc:  # a wrong .env deserves its message, not a traceback
        raise click.ClickException(str(exc)) from exc
    services = app.extensions["helpdesk"]
    if schema:
        current, head = migrate.current(services.engine), migrate.head()
        if current != head:
            raise click.ClickException(f"the database is at schema {current or 'none'}, this version needs {head}: "
                                       "run `bot db upgrade` first")
    return services
