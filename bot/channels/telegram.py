"""Telegram: configurable Bot API host and a webhook secret token checked on every update.

Register in credentials as `bot.channels.telegram.TelegramInput` (see credentials.channels.yml).
"""
from __future__ import annotations

import asyncio
import hmac
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from aiogram import Bot
from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer
from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.telegram import TelegramInput as RasaTelegramInput
from rasa.core.channels.telegram import TelegramOutput as RasaTelegramOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import HidesTriageMetadata, required_credentials
from bot.channels.gate import MessageGate
from bot.channels.request_checks import field, reject_malformed, sender_field
from bot.config import Safeguards
from bot.message_checks import parse_json_object

logger = logging.getLogger(__name__)

SECRET_TOKEN_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def check_update(request: Request, limits: Safeguards) -> Optional[HTTPResponse]:
    """A Telegram Update with the fields Rasa reads, of the right types; other update kinds are ignored."""
    update = parse_json_object(request.body, limits)
    field(update, "update_id", (int,), "update_id")
    kinds = [kind for kind in ("message", "edited_message", "callback_query") if kind in update]
    if not kinds:
        return response.text("ignored")  # e.g. my_chat_member: Telegram retries anything but a 2xx
    item = field(update, kinds[0], (dict,), kinds[0])
    if kinds[0] == "callback_query":
        field(item, "data", (str,), "callback_query.data")
        item = field(item, "message", (dict,), "callback_query.message")
    else:
        field(item, "text", (str,), f"{kinds[0]}.text", required=False)
    chat = field(item, "chat", (dict,), f"{kinds[0]}.chat")
    sender_field(chat, "id", f"{kinds[0]}.chat.id", limits)
    return None


def _server(api_base_url: Optional[Text]) -> TelegramAPIServer:
    return TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION


class TelegramOutput(HidesTriageMetadata, RasaTelegramOutput):
    """Rasa's Telegram output talking to a configurable Bot API server."""

    def __init__(self, access_token: Optional[Text], api_base_url: Optional[Text] = None) -> None:
        Bot.__init__(self, access_token, server=_server(api_base_url))


class TelegramInput(RasaTelegramInput):
    """Rasa's Telegram webhook plus Telegram's secret token (X-Telegram-Bot-Api-Secret-Token).

    Rasa itself only compares the bot's username (from getMe) with `verify`; that proves the
    configuration is right, not that the update came from Telegram. The secret token does.
    """

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = required_credentials(cls, credentials)
        return cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"),
                   api_base_url=credentials.get("api_base_url"), secret_token=credentials.get("secret_token"))

    def __init__(self, access_token: Optional[Text], verify: Optional[Text], webhook_url: Optional[Text],
                 api_base_url: Optional[Text] = None, secret_token: Optional[Text] = None) -> None:
        super().__init__(access_token, verify, webhook_url, debug_mode=False)
        self.api_base_url = api_base_url
        self.secret_token = secret_token

    def is_from_telegram(self, request: Request) -> bool:
        if not self.secret_token:
            return True
        return hmac.compare_digest(request.headers.get(SECRET_TOKEN_HEADER, ""), self.secret_token)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = MessageGate(self.name())
        telegram_webhook = super().blueprint(gate.wrap(on_new_message))
        gate.attach(telegram_webhook)

        @telegram_webhook.middleware("request")
        async def check_secret_token(request: Request) -> Any:
            if request.method == "GET" and request.path.endswith("/webhook"):  # Rasa's handler has no GET answer
                return response.text("updates are POSTed here", status=HTTPStatus.METHOD_NOT_ALLOWED)
            if request.method == "POST" and request.path.endswith("/webhook") and not self.is_from_telegram(request):
                logger.warning("Rejected a Telegram update without the webhook secret token")
                return response.text("invalid secret token", status=HTTPStatus.FORBIDDEN)
            return None

        reject_malformed(telegram_webhook, check_update, gate.limits)
        return telegram_webhook

    async def _register_webhook(self) -> None:
        bot = TelegramOutput(self.access_token, self.api_base_url)
        try:
            params = {"url": self.webhook_url}
            if self.secret_token:
                params["secret_token"] = self.secret_token
            await bot.request("setWebhook", params)
        finally:
            await bot.session.close()  # Bot.close() is deprecated: in aiogram 3 it logs the bot out

    def get_output_channel(self) -> TelegramOutput:
        """The output channel; registers the webhook (with its secret token) with the Bot API first.

        If Telegram cannot be reached or refuses, the error is logged and the server starts anyway: the other
        channels must not go down with this one.
        """
        if self.webhook_url:
            try:
                asyncio.run(self._register_webhook())
            except Exception as error:  # network, TLS or an answer from Telegram: all mean "not registered"
                logger.error("Telegram channel: could not register the webhook %s with Telegram (%s). Telegram "
                             "messages will not arrive until it is registered: restart the server once Telegram "
                             "can be reached. The other channels are not affected.", self.webhook_url, error)
        # A fresh client: its HTTP session must belong to the server's event loop, not the one above.
        return TelegramOutput(self.access_token, self.api_base_url)
