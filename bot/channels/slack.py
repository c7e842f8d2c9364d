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
from slack_sdk.web.async_client import AsyncWebClient

from bot.channels.common import HidesTriageMetadata

logger = logging.getLogger(__name__)

SLACK_API_BASE_URL = "https://slack.com/api/"


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
        slack_webhook = super().blueprint(on_new_message)

        @slack_webhook.middleware("request")
        async def url_verification(request: Request) -> Any:
            # Rasa answers with a bare JSON string; Slack expects {"challenge": ...} (or plain text).
            if request.method != "POST" or request.headers.get("content-type") != "application/json":
                return None
            try:
                body = json.loads(request.body or b"{}")
            except ValueError:
                return None
            if isinstance(body, dict) and body.get("type") == "url_verification":
                if not self.is_request_from_slack_authentic(request):
                    return response.text("Message is not properly signed with a valid X-Slack-Signature header",
                                         status=HTTPStatus.BAD_REQUEST)
                return response.json({"challenge": body.get("challenge", "")})
            return None

        return slack_webhook

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return SlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy, self.api_base_url)
