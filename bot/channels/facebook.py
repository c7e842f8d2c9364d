"""Facebook Messenger: signed webhooks (X-Hub-Signature-256 or X-Hub-Signature), configurable Graph API URL.

Register in credentials as `bot.channels.facebook.FacebookInput` (see credentials.channels.yml).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from fbmessenger import MessengerClient
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput as RasaFacebookInput
from rasa.core.channels.facebook import Messenger as RasaMessenger
from rasa.core.channels.facebook import MessengerBot as RasaMessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import HidesTriageMetadata, required_credentials
from bot.channels.gate import MessageGate
from bot.channels.request_checks import field, rejection_response, sender_field
from bot.config import Safeguards
from bot.message_checks import Rejected, parse_json_object

logger = logging.getLogger(__name__)


def messenger_client(page_access_token: Text, graph_url: Optional[Text]) -> MessengerClient:
    client = MessengerClient(page_access_token)
    if graph_url:
        client.graph_url = graph_url.rstrip("/")
    return client


class MessengerBot(HidesTriageMetadata, RasaMessengerBot):
    """Rasa's Messenger output without the triage metadata."""


class Messenger(RasaMessenger):
    """Rasa's Messenger event handler, answering through our output channel and Graph URL."""

    def __init__(self, page_access_token: Text, on_new_message: Callable[[UserMessage], Awaitable[Any]],
                 graph_url: Optional[Text] = None) -> None:
        super().__init__(page_access_token, on_new_message)
        self.client = messenger_client(page_access_token, graph_url)

    async def _handle_user_message(self, text: Text, sender_id: Text, metadata: Optional[Dict[Text, Any]]) -> None:
        out_channel = MessengerBot(self.client)
        await out_channel.send_action(sender_id, sender_action="mark_seen")
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(UserMessage(text, out_channel, sender_id, input_channel=self.name(),
                                                  metadata=metadata))
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


def is_signed_by_meta(app_secret: Text, body: bytes, signature_256: Text, signature_sha1: Text) -> bool:
    """Meta signs the raw body with the app secret: sha256 in X-Hub-Signature-256, sha1 in X-Hub-Signature."""
    for header, digest in ((signature_256, hashlib.sha256), (signature_sha1, hashlib.sha1)):
        method, _, value = header.partition("=")
        if value and method == digest().name:
            expected = hmac.new(app_secret.encode("utf-8"), body, digest).hexdigest()
            return hmac.compare_digest(expected, value)
    return False


def check_event(request: Request, limits: Safeguards) -> Optional[HTTPResponse]:
    """A Messenger webhook event: entries with messaging items from a sender, of the types Rasa reads."""
    event = parse_json_object(request.body, limits)
    field(event, "object", (str,), "object", required=False)
    for entry in field(event, "entry", (list,), "entry"):
        if not isinstance(entry, dict):
            raise Rejected("'entry' must be a list of objects")
        for item in field(entry, "messaging", (list,), "entry.messaging"):
            if not isinstance(item, dict):
                raise Rejected("'entry.messaging' must be a list of objects")
            sender_field(field(item, "sender", (dict,), "entry.messaging.sender"), "id",
                         "entry.messaging.sender.id", limits)
            message = field(item, "message", (dict,), "entry.messaging.message", required=False) or {}
            field(message, "text", (str,), "entry.messaging.message.text", required=False)
            postback = field(item, "postback", (dict,), "entry.messaging.postback", required=False) or {}
            field(postback, "payload", (str,), "entry.messaging.postback.payload", required=False)
    return None


class FacebookInput(RasaFacebookInput):
    """Rasa's Facebook connector; unsigned or wrongly signed requests get 403 instead of a 200."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = required_credentials(cls, credentials)
        return cls(credentials.get("verify"), credentials.get("secret"), credentials.get("page-access-token"),
                   graph_url=credentials.get("graph_url"))

    def __init__(self, fb_verify: Optional[Text], fb_secret: Optional[Text], fb_access_token: Optional[Text],
                 graph_url: Optional[Text] = None) -> None:
        super().__init__(fb_verify, fb_secret, fb_access_token)
        self.graph_url = graph_url

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        fb_webhook = Blueprint("fb_webhook", __name__)
        gate = MessageGate(self.name())
        gate.attach(fb_webhook)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if self.fb_verify and hmac.compare_digest(request.args.get("hub.verify_token", ""), self.fb_verify):
                return response.text(request.args.get("hub.challenge", ""))
            return response.text("failure, invalid token", status=HTTPStatus.FORBIDDEN)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not is_signed_by_meta(self.fb_secret or "", request.body,
                                     request.headers.get("X-Hub-Signature-256", ""),
                                     request.headers.get("X-Hub-Signature", "")):
                logger.warning("Rejected a Messenger webhook without a valid X-Hub-Signature")
                return response.text("not validated", status=HTTPStatus.FORBIDDEN)
            try:
                check_event(request, gate.limits)
            except Rejected as rejection:
                return rejection_response(rejection)
            messenger = Messenger(self.fb_access_token, gate.wrap(on_new_message), self.graph_url)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return fb_webhook

    def get_output_channel(self) -> OutputChannel:
        return MessengerBot(messenger_client(self.fb_access_token, self.graph_url))
