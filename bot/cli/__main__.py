"""Run the `bot` command as `python -m bot.cli` (the benchmarks and fault runs start it so)."""

from bot.cli.main import main

main()
