"""The data path: webhook → intake → inbox → worker → outbox, with the scheduler and the health check."""
