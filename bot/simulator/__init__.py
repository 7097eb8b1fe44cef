"""A stand-in for the LINE platform: the Messaging API the bot calls, and users who message it."""
