"""Serve a FakeLine as HTTP endpoints shaped like LINE's Messaging API."""

from __future__ import annotations

from flask import Blueprint, Flask, Response, jsonify, request

from bot.simulator.fake_line import FakeLine


def api_blueprint(fake: FakeLine, name: str = "fake_line_api") -> Blueprint:
    """Return a blueprint answering /v2/bot/… calls from the fake's state."""
    bp = Blueprint(name, __name__)

    @bp.route("/v2/<path:rest>", methods=["GET", "POST", "DELETE"])
    def api(rest: str) -> Response:
        if request.mimetype.startswith("image/"):  # a rich menu image, uploaded as raw bytes
            body = {"_bytes": request.get_data(), "_type": request.mimetype}
        else:
            body = request.get_json(silent=True) if request.data else None
        answer = fake.handle(request.method, "/v2/" + rest, dict(request.headers), body)
        if "_bytes" in answer.body:
            return Response(answer.body["_bytes"], answer.status, answer.headers)
        response = jsonify(answer.body)
        response.status_code = answer.status
        response.headers.update(answer.headers)
        return response

    return bp


def standalone_app(fake: FakeLine) -> Flask:
    """Return a tiny WSGI app serving only the fake API, for tests and benchmarks."""
    app = Flask("fake_line")
    app.register_blueprint(api_blueprint(fake))
    return app
