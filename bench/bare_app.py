"""The ceiling for bench/webhook.py: a Flask endpoint that only checks LINE's signature."""

import os

from flask import Flask, request
from linebot.v3.webhook import SignatureValidator


def create_app() -> Flask:
    """Build the bare app."""
    app = Flask(__name__)
    validator = SignatureValidator(os.environ["LINE_CHANNEL_SECRET"])

    @app.post("/callback")
    def callback() -> tuple[str, int]:
        body = request.get_data(as_text=True)
        if not validator.validate(body, request.headers.get("x-line-signature", "")):
            return "bad signature", 400
        return "OK", 200

    return app
