"""Slack Events API: Rasa's signature check, a correct url_verification answer, configurable Web API host.

Register in credentials as `bot.channels.slack.SlackInput` (see credentials.channels.yml).
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot as RasaSlackBot
from rasa.core.channels.slack import SlackInput as RasaSlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.common import HidesTriageMetadata
from bot.channels.gate import MessageGate
from bot.channels.request_checks import field, reject_malformed, sender_field
from bot.config import Safeguards
from bot.message_checks import Rejected, parse_json_object

logger = logging.getLogger(__name__)

SLACK_API_BASE_URL = "https://slack.com/api/"


def check_event(request: Request, limits: Safeguards) -> Optional[HTTPResponse]:
    """A Slack event (JSON) or interaction (form with a JSON `payload`) with the fields Rasa reads."""
    if request.headers.get("content-type") == "application/x-www-form-urlencoded":
        try:
            payload = request.form.get("payload")
        except UnicodeDecodeError:
            raise Rejected("the body is not valid UTF-8") from None
        if payload is None:
            raise Rejected("'payload' is missing")
        interaction = parse_json_object(payload.encode("utf-8", "surrogatepass"), limits)
        sender_field(field(interaction, "user", (dict,), "payload.user"), "id", "payload.user.id", limits)
        actions = field(interaction, "actions", (list,), "payload.actions", required=False) or []
        if not all(isinstance(action, dict) for action in actions):
            raise Rejected("'payload.actions' must be a list of objects")
        return None
    body = parse_json_object(request.body, limits)
    event = field(body, "event", (dict,), "event", required=False) or {}
    for key in ("text", "channel", "ts", "thread_ts", "type", "subtype", "bot_id", "channel_type"):
        field(event, key, (str,), f"event.{key}", required=False)
    if "user" in event:
        sender_field(event, "user", "event.user", limits)
    field(body, "authed_users", (list,), "authed_users", required=False)
    authorizations = field(body, "authorizations", (list,), "authorizations", required=False) or []
    if not all(isinstance(item, dict) for item in authorizations):
        raise Rejected("'authorizations' must be a list of objects")
    return None


class SlackBot(HidesTriageMetadata, RasaSlackBot):
    """Rasa's Slack output talking to a configurable Web API host."""

    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 proxy: Optional[Text] = None, api_base_url: Text = SLACK_API_BASE_URL) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, base_url=api_base_url.rstrip("/") + "/", proxy=proxy)


class SlackInput(RasaSlackInput):
    """Rasa's Slack connector; answers Slack's url_verification challenge the way Slack documents."""

    api_base_url: Text = SLACK_API_BASE_URL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_base_url = (credentials or {}).get("api_base_url") or SLACK_API_BASE_URL
        return channel

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = MessageGate(self.name())
        slack_webhook = super().blueprint(gate.wrap(on_new_message))
        gate.attach(slack_webhook)

        @slack_webhook.middleware("request")
        async def signature(request: Request) -> Any:
            # Rasa checks it too, but only after reading the body as an event: check it before anything else.
            if request.method == "POST" and not self.is_request_from_slack_authentic(request):
                return response.text("Message is not properly signed with a valid X-Slack-Signature header",
                                     status=HTTPStatus.BAD_REQUEST)
            return None

        reject_malformed(slack_webhook, check_event, gate.limits)

        @slack_webhook.middleware("request")
        async def url_verification(request: Request) -> Any:
            # Rasa answers with a bare JSON string; Slack expects {"challenge": ...} (or plain text).
            if request.method != "POST" or request.headers.get("content-type") != "application/json":
                return None
            body = json.loads(request.body)  # a JSON object: checked by the middleware before this one
            if body.get("type") == "url_verification":
                return response.json({"challenge": body.get("challenge", "")})
            return None

        return slack_webhook

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_base_url)
