"""Follow-up of answered requests in LINE: due pushes, and closing those that never get an answer."""
