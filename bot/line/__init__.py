"""Everything that talks to the LINE platform."""
