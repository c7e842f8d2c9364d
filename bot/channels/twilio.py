"""Twilio SMS and WhatsApp: signed, checked webhooks, plain GSM-7 replies, numbered options, configurable API host.

Register in credentials as `bot.channels.twilio.TwilioInput` (see credentials.channels.yml).
"""
from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput as RasaTwilioInput
from rasa.core.channels.twilio import TwilioOutput as RasaTwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from twilio.request_validator import RequestValidator

from bot.channels.common import HidesTriageMetadata, required_credentials, resolve_numbered_choice
from bot.channels.formatting import numbered_options
from bot.channels.gate import MessageGate
from bot.channels.request_checks import rejection_response
from bot.config import Safeguards
from bot.message_checks import Rejected, check_sender
from bot.sms import sms_text

logger = logging.getLogger(__name__)

TWILIO_API_BASE_URL = "https://api.twilio.com"


class TwilioOutput(HidesTriageMetadata, RasaTwilioOutput):
    """Sends each bot message as one plain GSM-7 SMS/WhatsApp message through the Twilio REST API."""

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 api_base_url: Text = TWILIO_API_BASE_URL) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.api.base_url = api_base_url.rstrip("/")

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        # One message, not one per paragraph: separate SMS can arrive out of order.
        await self._send_message({"to": recipient_id, "from_": self.twilio_number, "body": sms_text(text)})

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.send_text_message(recipient_id, numbered_options(text, buttons))


class TwilioInput(RasaTwilioInput):
    """Twilio webhook that rejects requests without a valid X-Twilio-Signature."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = required_credentials(cls, credentials, "auth_token")
        return cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"),
                   api_base_url=credentials.get("api_base_url") or TWILIO_API_BASE_URL,
                   webhook_url=credentials.get("webhook_url"))

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 api_base_url: Text = TWILIO_API_BASE_URL, webhook_url: Optional[Text] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number, debug_mode=False)
        self.api_base_url = api_base_url
        self.webhook_url = webhook_url
        self.validator = RequestValidator(auth_token or "")

    def signed_url(self, request: Request) -> Text:
        """The URL Twilio signed: the configured public URL, else the one a reverse proxy forwarded."""
        if self.webhook_url:
            return self.webhook_url
        scheme = request.headers.get("x-forwarded-proto", request.scheme).split(",")[0].strip()
        host = request.headers.get("x-forwarded-host", request.host).split(",")[0].strip()
        query = f"?{request.query_string}" if request.query_string else ""
        return f"{scheme}://{host}{request.path}{query}"

    def is_from_twilio(self, request: Request) -> bool:
        signature = request.headers.get("X-Twilio-Signature", "")
        return bool(signature) and self.validator.validate(self.signed_url(request), request.form, signature)

    def read_message(self, request: Request, limits: Safeguards) -> tuple[Text, Text]:
        """(sender, text) of a signed, well-formed Twilio webhook; Rejected (403 or 400) otherwise."""
        if "application/x-www-form-urlencoded" not in request.headers.get("content-type", ""):
            raise Rejected("the body must be form-encoded (application/x-www-form-urlencoded)")
        try:
            request.body.decode("utf-8")
        except UnicodeDecodeError:
            raise Rejected("the body is not valid UTF-8") from None
        if not self.is_from_twilio(request):
            logger.warning("Rejected a Twilio webhook without a valid X-Twilio-Signature")
            raise Rejected("invalid signature", HTTPStatus.FORBIDDEN)
        sender = check_sender(request.form.get("From"), limits, field="From")
        text = request.form.get("Body")
        if text is None:
            raise Rejected("'Body' is missing")
        return sender, text

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        twilio_webhook = Blueprint("twilio_webhook", __name__)
        gate = MessageGate(self.name())
        gate.attach(twilio_webhook)

        @twilio_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @twilio_webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            try:
                sender, text = self.read_message(request, gate.limits)
            except Rejected as rejection:
                return rejection_response(rejection)
            text = await resolve_numbered_choice(request.app, sender, text.replace("¡", "@"))
            # Answer from the number the patient wrote to, so one connector serves SMS and WhatsApp.
            out_channel = TwilioOutput(self.account_sid, self.auth_token,
                                       request.form.get("To") or self.twilio_number, self.api_base_url)
            await gate.deliver(on_new_message, UserMessage(
                text, out_channel, sender, input_channel=self.name(), metadata=self.get_metadata(request)))
            return response.text("", status=HTTPStatus.NO_CONTENT)

        return twilio_webhook

    def get_output_channel(self) -> TwilioOutput:
        return TwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.api_base_url)
