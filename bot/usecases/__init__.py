"""The application layer: what the helpdesk does with the database and LINE's outbox (the domain stays pure)."""
