"""The state and rules of a fake LINE platform: tokens, retry keys, quota, outages, transcripts."""

from __future__ import annotations

import threading
import time
import uuid
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

import requests

from bot.line.flex import plain_text
from bot.simulator import events as ev
from bot.simulator.answer import Answer
from bot.simulator.fake_richmenu import RichMenus, richmenu_api
from bot.simulator.history import KEEP, History

REPLY_TOKEN_SECONDS = 60.0


class FakeLine:
    """Behave like LINE for the bot (API) and for people (webhooks); thread-safe."""

    def __init__(self, channel_secret: str, access_token: str, quota: int = 300, rate_limit: int = 0,
                 validate: bool = True, history: Path | None = None) -> None:
        self.channel_secret = channel_secret
        self.access_token = access_token
        self.quota = quota
        self.rate_limit = rate_limit  # requests per second LINE accepts for sending (0: no limit)
        self.validate = validate  # check messages against LINE's schema (costs CPU a benchmark cannot spare)
        self.lock = threading.RLock()
        self.history: History | None = None
        self.reset()
        if history is not None:  # the simulator page's chats outlive the process; tests' and benchmarks' do not
            self.history = History(history)
            self.transcripts = self.history.load()

    def reset(self) -> None:
        """Forget everything: calls, deliveries, failures, tokens, and the chats (on disk too)."""
        with self.lock:
            self.calls: list[dict[str, Any]] = []
            self.deliveries: list[dict[str, Any]] = []  # accepted reply/push/multicast
            self.transcripts: dict[str, list[dict[str, Any]]] = defaultdict(list)
            if self.history is not None:
                self.history.save(self.transcripts)
            self.reply_tokens: dict[str, tuple[str, float, bool]] = {}
            self.retry_keys: dict[str, str] = {}
            self.failures: list[list[Any]] = []  # [path prefix, status, times left, after accepting]
            self.hangs: list[list[Any]] = []  # [path prefix, seconds, times left]
            self.outage = False
            self.outage_status = 503  # what every call answers during an outage
            self.slowness = 0.0  # seconds every call waits before it is answered (LINE hanging)
            self.usage = 0
            self.recent_sends: deque[float] = deque()
            self.rate_limited = 0
            self.loading: list[str] = []
            self.profiles: dict[str, str] = {}
            self.groups: dict[str, tuple[str, int]] = {}
            self.contents: dict[str, tuple[bytes, str]] = {}
            self.rich_menus = RichMenus()

    # ---- configuring the fake from tests and the simulator page ----
    def fail(self, path_prefix: str, status: int, times: int = 1, after_accepting: bool = False) -> None:
        """Make the next `times` calls under `path_prefix` answer `status` (optionally after doing the work,
        as when LINE accepted a push but its answer was lost on the way)."""
        with self.lock:
            self.failures.append([path_prefix, status, times, after_accepting])

    def hang(self, path_prefix: str, seconds: float, times: int = 1) -> None:
        """Make the next `times` calls under `path_prefix` wait `seconds` before they are answered."""
        with self.lock:
            self.hangs.append([path_prefix, seconds, times])

    def add_group(self, group_id: str, name: str, members: int) -> None:
        """Make a group known to the API (summary and member count)."""
        with self.lock:
            self.groups[group_id] = (name, members)

    def sent_to(self, chat_id: str) -> list[dict[str, Any]]:
        """Return every message the bot got delivered to a chat, in order."""
        with self.lock:
            return [m for d in self.deliveries if d["to"] == chat_id for m in d["messages"]]

    def sent_ids_to(self, chat_id: str) -> list[str]:
        """Return the LINE ids of the messages the bot sent to a chat, in order (a reply quotes one of them)."""
        with self.lock:
            return [i for d in self.deliveries if d["to"] == chat_id for i in d["ids"]]

    def texts_to(self, chat_id: str) -> list[str]:
        """Return what the bot got delivered to a chat, as text (a Flex card's texts and buttons, in order)."""
        return [plain_text(m) for m in self.sent_to(chat_id)]

    # ---- the Messaging API, as the bot sees it ----
    def handle(self, method: str, path: str, headers: dict[str, str], body: dict[str, Any] | None) -> Answer:
        """Answer one API call."""
        with self.lock:
            self.calls.append({"method": method, "path": path, "body": body,
                               "retry_key": headers.get("X-Line-Retry-Key")})
            wait = self.slowness
            for hang in self.hangs:
                if path.startswith(hang[0]) and hang[2] > 0:
                    hang[2] -= 1
                    wait += hang[1]
                    break
        if wait:
            time.sleep(wait)  # outside the lock: other calls go on meanwhile
        with self.lock:
            if headers.get("Authorization") != f"Bearer {self.access_token}":
                return Answer(401, {"message": "Authentication failed"})
            if self.outage:
                return Answer(self.outage_status, {"message": f"injected outage ({self.outage_status})"})
            for failure in self.failures:
                if path.startswith(failure[0]) and failure[2] > 0:
                    failure[2] -= 1
                    if failure[3]:
                        self._route(method, path, headers, body or {})
                    return Answer(failure[1], {"message": f"injected {failure[1]}"})
            return self._route(method, path, headers, body or {})

    def _over_rate_limit(self) -> bool:
        """Count a send against a one-second sliding window; say whether LINE would refuse it."""
        now = time.monotonic()
        while self.recent_sends and now - self.recent_sends[0] >= 1.0:
            self.recent_sends.popleft()
        if len(self.recent_sends) >= self.rate_limit:
            self.rate_limited += 1
            return True
        self.recent_sends.append(now)
        return False

    def _route(self, method: str, path: str, headers: dict[str, str], body: dict[str, Any]) -> Answer:
        parts = path.strip("/").split("/")
        sending = path in ("/v2/bot/message/reply", "/v2/bot/message/push", "/v2/bot/message/multicast")
        if sending and self.rate_limit and self._over_rate_limit():
            return Answer(429, {"message": "The API rate limit has been exceeded. Try again later."})
        if path == "/v2/bot/message/reply":
            return self._reply(body)
        if path in ("/v2/bot/message/push", "/v2/bot/message/multicast"):
            to = [body.get("to")] if path.endswith("push") else list(body.get("to") or [])
            return self._push(to, body.get("messages") or [], headers.get("X-Line-Retry-Key"), path)
        if path == "/v2/bot/chat/loading/start":
            self.loading.append(str(body.get("chatId")))
            return Answer(202)
        if path == "/v2/bot/message/quota":
            return Answer(200, {"type": "limited", "value": self.quota})
        if path == "/v2/bot/message/quota/consumption":
            return Answer(200, {"totalUsage": self.usage})
        if parts[:3] == ["v2", "bot", "profile"] and len(parts) == 4:
            name = self.profiles.get(parts[3], f"ครูทดสอบ {parts[3][-4:]}")
            return Answer(200, {"userId": parts[3], "displayName": name, "language": "th"})
        if parts[:3] == ["v2", "bot", "group"] and len(parts) >= 5 and parts[3] in self.groups:
            name, members = self.groups[parts[3]]
            if parts[4] == "summary":
                return Answer(200, {"groupId": parts[3], "groupName": name})
            if parts[4:] == ["members", "count"]:
                return Answer(200, {"count": members})
            if parts[4] == "member" and len(parts) == 6:
                return Answer(200, {"userId": parts[5], "displayName": self.profiles.get(parts[5], "สมาชิก")})
        if parts[:3] == ["v2", "bot", "richmenu"] or (parts[:3] == ["v2", "bot", "user"] and "richmenu" in parts):
            return richmenu_api(self.rich_menus, method, parts[2:], body)
        if parts[:3] == ["v2", "bot", "message"] and parts[4:] == ["content"] and parts[3] in self.contents:
            data, ctype = self.contents[parts[3]]
            return Answer(200, {"_bytes": data}, {"Content-Type": ctype})
        return Answer(404, {"message": "Not found"})

    def _invalid(self, messages: list[Any]) -> Answer | None:
        """Refuse messages LINE's schema does not accept, as LINE answers 400 (checked with the SDK's models)."""
        if not self.validate:
            return None
        from linebot.v3.messaging import Message  # heavy (hundreds of models): only when checking

        for number, message in enumerate(messages):
            try:
                if Message.from_dict(message) is None:
                    raise ValueError("empty")
            except Exception:
                return Answer(400, {"message": f"A message (messages[{number}]) in the request body is invalid"})
        if not 1 <= len(messages) <= 5:
            return Answer(400, {"message": "Size must be between 1 and 5"})
        return None

    def _reply(self, body: dict[str, Any]) -> Answer:
        invalid = self._invalid(body.get("messages") or [])
        if invalid:
            return invalid
        token = str(body.get("replyToken"))
        chat, issued, used = self.reply_tokens.get(token, ("", 0.0, True))
        if used or time.time() - issued > REPLY_TOKEN_SECONDS:
            return Answer(400, {"message": "Invalid reply token"})
        self.reply_tokens[token] = (chat, issued, True)
        return self._deliver("reply", [chat], body.get("messages") or [])

    def _push(self, to: list[Any], messages: list[Any], retry_key: str | None, path: str) -> Answer:
        invalid = self._invalid(messages)
        if invalid:
            return invalid
        if retry_key and retry_key in self.retry_keys:
            return Answer(409, {"message": "The retry key is already accepted"},
                          {"x-line-accepted-request-id": self.retry_keys[retry_key]})
        cost = sum(self.groups.get(str(t), ("", 1))[1] for t in to)
        if self.usage + cost > self.quota:
            return Answer(429, {"message": "You have reached your monthly limit."})
        self.usage += cost
        answer = self._deliver("push" if path.endswith("push") else "multicast", [str(t) for t in to], messages)
        if retry_key:
            self.retry_keys[retry_key] = answer.headers["x-line-request-id"]
        return answer

    def _deliver(self, via: str, to: list[str], messages: list[Any]) -> Answer:
        request_id = uuid.uuid4().hex
        ids = [ev.message_id() for _ in messages]
        for chat in to:
            self.deliveries.append({"via": via, "to": chat, "messages": messages, "ids": ids, "at": time.time()})
            for message, message_id in zip(messages, ids, strict=True):
                self._record(chat, {"from": "bot", "via": via, "message": message, "id": message_id})
        return Answer(200, {"sentMessages": [{"id": i} for i in ids]}, {"x-line-request-id": request_id})

    # ---- people using LINE: events toward the bot's webhook ----
    def issue_reply_token(self, chat_id: str) -> str:
        """Return a fresh reply token for an event in a chat."""
        token = uuid.uuid4().hex
        with self.lock:
            self.reply_tokens[token] = (chat_id, time.time(), False)
        return token

    def user_event(self, kind: str, user_id: str, group_id: str | None = None, display: str | None = None,
                   **fields: Any) -> dict[str, Any]:
        """Build an event from a user (in a 1:1 chat or a group), with a reply token where LINE gives one.

        `display` is what the chat shows for it, as LINE shows a button's displayText as if the person typed it.
        """
        chat = group_id or user_id
        token = None if kind in ("unfollow", "leave", "memberLeft", "unsend") else self.issue_reply_token(chat)
        event = ev.event(kind, ev.source(user_id, group_id), token, **fields)
        entry: dict[str, Any] = {"from": user_id, "event": event}
        if display is not None:
            entry["display"] = display
        with self.lock:
            self._record(chat, entry)
        return event

    def _record(self, chat: str, entry: dict[str, Any]) -> None:
        """Add an entry to a chat's transcript (the last KEEP are kept), and to the history on disk."""
        entries = self.transcripts[chat]
        entries.append(entry)
        del entries[:-KEEP]
        if self.history is not None:
            self.history.append(chat, entry, self.transcripts)

    def post_webhook(self, url: str, events: list[dict[str, Any]], timeout: float = 10.0) -> requests.Response:
        """Sign events with the channel secret and post them to the bot, as LINE does."""
        body = ev.envelope(events)
        headers = {"Content-Type": "application/json; charset=utf-8",
                   "x-line-signature": ev.sign(body, self.channel_secret)}
        return requests.post(url, data=body, headers=headers, timeout=timeout)
