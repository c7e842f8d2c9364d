"""Rasa's REST and callback channels with every request checked before it reaches Rasa.

Register in credentials as `bot.channels.rest.RestInput` and `bot.channels.rest.CallbackInput`; the URLs
stay /webhooks/rest/webhook and /webhooks/callback/webhook. A request must be a JSON object with a
string `sender` and a string `message` (optional `metadata` object, optional `message_id`); anything else gets a
4xx with {"error": reason}. Over a rate limit the REST client gets 429 with the "slow down" reply as its message.
A message sent again with the `message_id` of one already answered gets the stored replies, not a second turn
(bot/channels/retries.py): a client that keeps the id across its retries is never answered twice.
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.callback import CallbackInput as RasaCallbackInput
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput as RasaRestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.gate import MessageGate, Outcome, client_address
from bot.channels.request_checks import field, rejection_response
from bot.channels.retries import answered_before
from bot.config import Safeguards
from bot.message_checks import Rejected, check_sender, check_text, parse_json_object


@dataclass(frozen=True)
class RestMessage:
    sender: str
    text: str
    metadata: Optional[Dict[str, Any]]
    input_channel: Optional[str]
    message_id: Optional[str] = None  # the client's id for this message, kept across its retries


def read_rest_message(body: bytes, limits: Safeguards) -> RestMessage:
    """The message of a REST or callback request, or Rejected saying what is wrong with the request."""
    data = parse_json_object(body, limits)
    input_channel = field(data, "input_channel", (str,), "input_channel", required=False)
    message_id = field(data, "message_id", (str,), "message_id", required=False)
    return RestMessage(
        sender=check_sender(data.get("sender"), limits),
        text=check_text(data.get("message"), limits),
        metadata=field(data, "metadata", (dict,), "metadata", required=False),
        input_channel=check_sender(input_channel, limits, field="input_channel") if input_channel else None,
        message_id=check_sender(message_id, limits, field="message_id") if message_id is not None else None,
    )


class CheckedWebhook(ABC):
    """The /webhook route shared by the REST and callback channels: check, gate, answer."""

    always_answer_limits = False  # send "slow down" on every refused message, not only the first
    name: Callable[[], Text]  # the channel's name, from Rasa's connector class

    @abstractmethod
    def new_output_channel(self) -> CollectingOutputChannel:
        """Where the assistant's replies to this request are collected."""

    @abstractmethod
    def answer(self, output: CollectingOutputChannel, outcome: Outcome) -> HTTPResponse:
        """The HTTP response to the request, from what was collected."""

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        gate = MessageGate(self.name())
        webhook = Blueprint(f"checked_webhook_{self.name()}", __name__)
        gate.attach(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                incoming = read_rest_message(request.body, gate.limits)
            except Rejected as rejection:
                return rejection_response(rejection)
            output = self.new_output_channel()
            message = UserMessage(incoming.text, output, incoming.sender,
                                  input_channel=incoming.input_channel or self.name(), metadata=incoming.metadata,
                                  message_id=incoming.message_id)

            async def answer_once(message: UserMessage) -> None:
                """Behind the gate's checks and rate limits: a retry of an answered message gets its stored replies."""
                if incoming.message_id:
                    replies = await answered_before(getattr(request.app.ctx, "agent", None), incoming.sender,
                                                    incoming.message_id)
                    if replies is not None:
                        for reply in replies:
                            await output.send_response(incoming.sender, reply.message())
                        return
                await on_new_message(message)

            outcome = await gate.deliver(answer_once, message, client_address(request),
                                         always_answer_limits=self.always_answer_limits)
            return self.answer(output, outcome)

        return webhook


class RestInput(CheckedWebhook, RasaRestInput):
    """REST: the reply messages come back in the response (429 with the "slow down" reply over a limit)."""

    always_answer_limits = True

    def new_output_channel(self) -> CollectingOutputChannel:
        return CollectingOutputChannel()

    def answer(self, output: CollectingOutputChannel, outcome: Outcome) -> HTTPResponse:
        status = HTTPStatus.TOO_MANY_REQUESTS if outcome is Outcome.SLOWED_DOWN else HTTPStatus.OK
        return response.json(output.messages, status=status)


class CallbackInput(CheckedWebhook, RasaCallbackInput):
    """Callback: replies are posted to the configured URL; the request itself is answered "success"."""

    def new_output_channel(self) -> CollectingOutputChannel:
        return self.get_output_channel()

    def answer(self, output: CollectingOutputChannel, outcome: Outcome) -> HTTPResponse:
        if outcome is Outcome.SLOWED_DOWN:
            return response.text("too many messages, slow down", status=HTTPStatus.TOO_MANY_REQUESTS)
        return response.text("success")
