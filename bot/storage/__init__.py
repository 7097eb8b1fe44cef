"""Database access: models, engine, migrations and repository functions."""
