"""A thin wrapper over line-bot-sdk v3 that turns its errors into one retry decision."""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import urllib3
from linebot.v3.messaging import (
    ApiClient,
    ApiException,
    Configuration,
    MessagingApi,
    MessagingApiBlob,
    ReplyMessageRequest,
    RichMenuRequest,
    ShowLoadingAnimationRequest,
)

log = logging.getLogger(__name__)
NO_RETRIES = urllib3.Retry(total=0, redirect=0, raise_on_redirect=False)
# Failures that happen before the request reaches LINE: nothing can have been delivered.
NOT_SENT = (urllib3.exceptions.ConnectTimeoutError, urllib3.exceptions.NewConnectionError,
            ConnectionRefusedError)


class LineError(Exception):
    """A call to LINE failed; `retryable` says whether trying again later can help."""

    def __init__(self, status: int | None, detail: str, maybe_delivered: bool = False) -> None:
        super().__init__(f"LINE {status or 'unreachable'}: {detail}")
        self.status = status
        self.detail = detail
        # the request went out but no answer came back (a read timeout, a dropped connection): LINE may have
        # acted on it, so a reply is not followed at once by a push of the same answer
        self.maybe_delivered = maybe_delivered

    @property
    def retryable(self) -> bool:
        """Say whether the same request may succeed later (5xx, 429, timeouts, no connection)."""
        return not self.monthly_limit and (self.status is None or self.status == 429 or self.status >= 500)

    @property
    def monthly_limit(self) -> bool:
        """Say whether LINE refused because the month's message quota is used up (retrying cannot help)."""
        return self.status == 429 and "monthly limit" in self.detail.casefold()


class RateLimiter:
    """Keep one process under `per_second` calls (LINE allows 2,000/s per channel): a token bucket.

    The bucket holds a twentieth of a second's worth, so a thread that was late (a pause for garbage collection,
    a slow answer) can catch up, while no one-second window ever sees more than `per_second` × 1.05.
    """

    def __init__(self, per_second: float) -> None:
        self.rate = per_second
        self.capacity = max(1.0, per_second / 20)
        self._tokens = self.capacity
        self._stamp = time.monotonic()
        self._lock = threading.Lock()

    def wait(self) -> None:
        """Block until the next call may go out."""
        if self.rate <= 0:
            return
        with self._lock:
            now = time.monotonic()
            self._tokens = min(self.capacity, self._tokens + (now - self._stamp) * self.rate)
            self._stamp = now
            self._tokens -= 1  # may go negative: later callers queue up behind this one
            delay = -self._tokens / self.rate if self._tokens < 0 else 0.0
        if delay:
            time.sleep(delay)


@dataclass(frozen=True)
class Sent:
    """What LINE said to a send: its status code, request id and the ids of the messages it sent."""

    status: int
    request_id: str | None = None
    message_ids: tuple[str, ...] = ()


class LineClient:
    """Send messages and read profiles and content through the Messaging API."""

    def __init__(self, access_token: str, api_base: str, data_api_base: str, timeout: float,
                 rate_limit: float = 0.0, pool_size: int = 16) -> None:
        self._timeout = timeout
        self.limiter = RateLimiter(rate_limit)
        config = Configuration(access_token=access_token, host=api_base)
        config.connection_pool_maxsize = pool_size  # the broadcast sends from several threads at once
        # urllib3 would try a GET four times, so a 5 s timeout became 20 s; the outbox does the retrying
        config.retries = NO_RETRIES
        data_config = Configuration(access_token=access_token, host=data_api_base)
        data_config.retries = NO_RETRIES
        self._api = ApiClient(config)
        self._data = ApiClient(data_config)
        self.messaging = MessagingApi(self._api)
        self.blob = MessagingApiBlob(self._data)

    @property
    def timeout(self) -> float:
        """Return the seconds a call to LINE may take before it counts as failed."""
        return self._timeout

    def reply(self, reply_token: str, messages: list[dict[str, Any]]) -> Sent:
        """Answer with a reply token (free of quota)."""
        request = ReplyMessageRequest.from_dict({"replyToken": reply_token, "messages": messages})
        self.limiter.wait()
        return self._call(self.messaging.reply_message_with_http_info, request)

    def push(self, to: str, messages: list[dict[str, Any]], retry_key: str) -> Sent:
        """Push to a chat; the retry key makes a repeat of the same push harmless (409)."""
        # The SDK's model layer validates each request twice, about half of the CPU a push costs; a reminder to
        # every school group is bound by that CPU. Pushes go through the SDK's ApiClient directly (same auth,
        # host and connection pool); tests check that what we push passes PushMessageRequest's schema.
        self.limiter.wait()
        headers = {"Content-Type": "application/json", "Accept": "application/json", "X-Line-Retry-Key": retry_key}
        return self._call(self._api.call_api, "/v2/bot/message/push", "POST", header_params=headers,
                          body={"to": to, "messages": messages}, response_types_map={}, auth_settings=["Bearer"],
                          _preload_content=False)

    def show_loading(self, chat_id: str, seconds: int = 10) -> Sent:
        """Show the typing animation in a 1:1 chat."""
        request = ShowLoadingAnimationRequest(chatId=chat_id, loadingSeconds=seconds)
        return self._call(self.messaging.show_loading_animation_with_http_info, request)

    def profile(self, user_id: str) -> dict[str, Any]:
        """Return a user's LINE profile (display name, picture)."""
        return self._data_of(self.messaging.get_profile_with_http_info, user_id)

    def group_summary(self, group_id: str) -> dict[str, Any]:
        """Return a group's name and picture."""
        return self._data_of(self.messaging.get_group_summary_with_http_info, group_id)

    def group_member_count(self, group_id: str) -> int:
        """Return how many members a group has (a push to it costs that many messages)."""
        return int(self._data_of(self.messaging.get_group_member_count_with_http_info, group_id)["count"])

    def quota(self) -> int | None:
        """Return the month's message quota, or None when the plan has no limit."""
        data = self._data_of(self.messaging.get_message_quota_with_http_info)
        return int(data["value"]) if data.get("type") == "limited" else None

    def consumption(self) -> int:
        """Return how many quota messages were used this month."""
        return int(self._data_of(self.messaging.get_message_quota_consumption_with_http_info)["totalUsage"])

    def content(self, message_id: str) -> bytes:
        """Download an image, video, audio or file a user sent."""
        try:
            return bytes(self.blob.get_message_content(message_id, _request_timeout=self._timeout))
        except Exception as exc:
            raise _as_line_error(exc) from exc

    # ---- rich menus (installed by `bot richmenu install`, rarely: no rate limiting or retries needed) ----
    def validate_rich_menu(self, body: dict[str, Any]) -> None:
        """Have LINE check a rich menu object; a LineError (400) names what it refuses."""
        self._call(self.messaging.validate_rich_menu_object_with_http_info, RichMenuRequest.from_dict(body))

    def create_rich_menu(self, body: dict[str, Any]) -> str:
        """Create a rich menu (without its image yet); return its id."""
        return str(self._data_of(self.messaging.create_rich_menu_with_http_info, RichMenuRequest.from_dict(body))[
            "richMenuId"])

    def set_rich_menu_image(self, rich_menu_id: str, image: bytes, content_type: str = "image/png") -> None:
        """Upload a rich menu's image (PNG or JPEG, its exact size, at most 1 MB)."""
        # the SDK ignores its own _content_type here: the header has to be given
        self._call(self.blob.set_rich_menu_image_with_http_info, rich_menu_id, image,
                   _headers={"Content-Type": content_type})

    def rich_menus(self) -> list[dict[str, Any]]:
        """List the channel's rich menus (id, name, size, areas)."""
        return list(self._data_of(self.messaging.get_rich_menu_list_with_http_info).get("richmenus") or [])

    def default_rich_menu(self) -> str | None:
        """Return the id of the menu every user sees by default (None: no default)."""
        try:
            return str(self._data_of(self.messaging.get_default_rich_menu_id_with_http_info)["richMenuId"])
        except LineError as exc:
            if exc.status == 404:
                return None
            raise

    def set_default_rich_menu(self, rich_menu_id: str) -> None:
        self._call(self.messaging.set_default_rich_menu_with_http_info, rich_menu_id)

    def cancel_default_rich_menu(self) -> None:
        self._call(self.messaging.cancel_default_rich_menu_with_http_info)

    def delete_rich_menu(self, rich_menu_id: str) -> None:
        self._call(self.messaging.delete_rich_menu_with_http_info, rich_menu_id)

    def link_rich_menu(self, user_id: str, rich_menu_id: str) -> None:
        """Show one user a menu of their own (it beats the default): the staff menu for bound staff."""
        self._call(self.messaging.link_rich_menu_id_to_user_with_http_info, user_id, rich_menu_id)

    def unlink_rich_menu(self, user_id: str) -> None:
        """Show a user the default menu again."""
        self._call(self.messaging.unlink_rich_menu_id_from_user_with_http_info, user_id)

    def close(self) -> None:
        """Release the HTTP connection pools."""
        self._api.close()
        self._data.close()

    def _data_of(self, method: Any, *args: Any) -> dict[str, Any]:
        try:
            response = method(*args, _request_timeout=self._timeout)
        except Exception as exc:
            raise _as_line_error(exc) from exc
        return response.data.to_dict()

    def _call(self, method: Any, *args: Any, **kwargs: Any) -> Sent:
        try:
            response = method(*args, _request_timeout=self._timeout, **kwargs)
        except Exception as exc:
            raise _as_line_error(exc) from exc
        headers = response.headers or {}
        return Sent(status=response.status_code, request_id=headers.get("x-line-request-id"),
                    message_ids=_sent_ids(response))


def _sent_ids(response: Any) -> tuple[str, ...]:
    """Return the ids LINE gave the messages it sent (a quoting answer names one of them), from either response."""
    sent = getattr(response.data, "sent_messages", None)
    if sent is not None:
        return tuple(str(m.id) for m in sent)
    try:
        body = json.loads(response.raw_data or b"{}")
    except (TypeError, ValueError):
        return ()
    if not isinstance(body, dict):
        return ()
    return tuple(str(m.get("id")) for m in body.get("sentMessages", []) if isinstance(m, dict) and m.get("id"))


def _as_line_error(exc: Exception) -> LineError:
    """Translate SDK and transport exceptions into a LineError."""
    if isinstance(exc, ApiException):
        return LineError(exc.status, _message_of(exc.body) or str(exc.reason))
    if isinstance(exc, urllib3.exceptions.HTTPError | OSError | TimeoutError):
        reason = getattr(exc, "reason", None) if isinstance(exc, urllib3.exceptions.MaxRetryError) else exc
        reason = reason or exc
        return LineError(None, type(reason).__name__, maybe_delivered=not isinstance(reason, NOT_SENT))
    if isinstance(exc, LineError):
        return exc
    raise exc


def _message_of(body: Any) -> str:
    """Pull LINE's error message out of a response body."""
    if isinstance(body, bytes):
        body = body.decode("utf-8", "replace")
    try:
        return str(json.loads(body).get("message", body))[:500]
    except (TypeError, ValueError, AttributeError):
        return str(body or "")[:500]
