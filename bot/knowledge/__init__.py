"""The Thai FAQ knowledge base and its matcher: pure functions, testable alone."""
