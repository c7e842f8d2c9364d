"""Microsoft Bot Framework: JWT-checked activities, configurable OpenID metadata and token URLs.

Register in credentials as `bot.channels.botframework.BotFrameworkInput` (see credentials.channels.yml).
"""
from __future__ import annotations

import datetime
import logging
import re
from typing import Any, Awaitable, Callable, Dict, Optional, Text, Tuple

import jwt
import requests
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import MICROSOFT_OAUTH2_PATH, MICROSOFT_OAUTH2_URL, MICROSOFT_OPEN_ID_URI
from rasa.core.channels.botframework import BotFramework as RasaBotFramework
from rasa.core.channels.botframework import BotFrameworkInput as RasaBotFrameworkInput
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot.channels.common import HidesTriageMetadata, required_credentials
from bot.channels.gate import MessageGate
from bot.channels.request_checks import field, rejection_response, sender_field
from bot.config import Safeguards
from bot.message_checks import Rejected, parse_json_object

logger = logging.getLogger(__name__)

TOKEN_URL = f"{MICROSOFT_OAUTH2_URL}/{MICROSOFT_OAUTH2_PATH}"
TOKEN_ISSUER = "https://api.botframework.com"
TOKEN_SCOPE = "https://api.botframework.com/.default"
KEY_FETCH_TIMEOUT = 10  # seconds; the fetch blocks, so keep it short


class BotFramework(HidesTriageMetadata, RasaBotFramework):
    """Rasa's Bot Framework output, getting its access token from a configurable URL."""

    # (token URL, app id) -> (expiry, headers)
    _tokens: Dict[Tuple[Text, Text], Tuple[datetime.datetime, Dict[Text, Any]]] = {}

    def __init__(self, app_id: Text, app_password: Text, conversation: Dict[Text, Any], bot: Text,
                 service_url: Text, token_url: Text = TOKEN_URL) -> None:
        super().__init__(app_id, app_password, conversation, bot, service_url)
        self.token_url = token_url

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:
        key = (self.token_url, self.app_id)
        expiry, headers = self._tokens.get(key, (datetime.datetime.min, None))
        if expiry > datetime.datetime.now():
            return headers
        token_response = requests.post(self.token_url, data={
            "client_id": self.app_id, "client_secret": self.app_password,
            "grant_type": "client_credentials", "scope": TOKEN_SCOPE}, timeout=30)
        if not token_response.ok:
            logger.error("Could not get a Bot Framework token (%s)", token_response.status_code)
            return None
        token = token_response.json()
        headers = {"content-type": "application/json", "Authorization": f"Bearer {token['access_token']}"}
        # Renew a minute early so a message never goes out with a token that expires on the way.
        lifetime = datetime.timedelta(seconds=max(int(token["expires_in"]) - 60, 0))
        self._tokens[key] = (datetime.datetime.now() + lifetime, headers)
        return headers


def check_activity(request: Request, limits: Safeguards) -> Dict[Text, Any]:
    """A Bot Framework activity; a message activity must name its sender, conversation, recipient and service URL."""
    activity = parse_json_object(request.body, limits)
    if field(activity, "type", (str,), "type") != "message":
        return activity
    sender_field(field(activity, "from", (dict,), "from"), "id", "from.id", limits)
    field(field(activity, "conversation", (dict,), "conversation"), "id", (str,), "conversation.id")
    field(activity, "recipient", (dict,), "recipient")
    if not re.match(r"https?://", field(activity, "serviceUrl", (str,), "serviceUrl")):
        raise Rejected("'serviceUrl' must be an http(s) URL")
    field(activity, "text", (str,), "text", required=False)
    return activity


class BotFrameworkInput(RasaBotFrameworkInput):
    """Rasa's Bot Framework connector; also checks the token's issuer and pins the signing algorithm."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        credentials = required_credentials(cls, credentials)
        return cls(credentials.get("app_id"), credentials.get("app_password"),
                   openid_config_url=credentials.get("openid_config_url") or MICROSOFT_OPEN_ID_URI,
                   token_url=credentials.get("token_url") or TOKEN_URL,
                   token_issuer=credentials.get("token_issuer") or TOKEN_ISSUER)

    def __init__(self, app_id: Optional[Text], app_password: Optional[Text],
                 openid_config_url: Text = MICROSOFT_OPEN_ID_URI,
                 token_url: Text = TOKEN_URL, token_issuer: Text = TOKEN_ISSUER) -> None:
        self.openid_config_url = openid_config_url
        self.token_url = token_url
        self.token_issuer = token_issuer
        super().__init__(app_id, app_password)  # fetches the signing keys (or logs why it could not)

    def _update_cached_jwk_keys(self) -> None:
        """Fetch the keys activities are signed with. If the login service cannot be reached (at start-up or at
        the daily refresh), say so and keep serving: other channels go on, and Bot Framework activities are
        refused (401) until the keys arrive; every refused activity tries again."""
        try:
            conf = requests.get(self.openid_config_url, timeout=KEY_FETCH_TIMEOUT)
            conf.raise_for_status()
            keys = requests.get(conf.json()["jwks_uri"], timeout=KEY_FETCH_TIMEOUT)
            keys.raise_for_status()
            self.jwt_keys = {key["kid"]: key for key in keys.json()["keys"]}
        except (requests.RequestException, ValueError, KeyError, TypeError) as error:
            logger.error("Bot Framework channel: cannot get the signing keys from %s (%s). Bot Framework messages "
                         "are refused until they can be fetched; the other channels are not affected.",
                         self.openid_config_url, error)
            return
        self.jwt_update_time = datetime.datetime.now()

    def _validate_jwt_token(self, jwt_token: Text) -> None:
        key_id = jwt.get_unverified_header(jwt_token).get("kid")
        if key_id not in self.jwt_keys:
            raise jwt.InvalidKeyError(f"JWT Key with ID {key_id} not found.")
        public_key = RSAAlgorithm.from_jwk(self.jwt_keys[key_id])
        if not isinstance(public_key, RSAPublicKey):  # a key with private parts is not from Microsoft's key set
            raise jwt.InvalidKeyError(f"JWT Key with ID {key_id} is not an RSA public key.")
        jwt.decode(jwt_token, key=public_key, audience=self.app_id, issuer=self.token_issuer, algorithms=["RS256"])

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        botframework_webhook = Blueprint("botframework_webhook", __name__)
        gate = MessageGate(self.name())
        gate.attach(botframework_webhook)

        @botframework_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @botframework_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            rejection = self._validate_auth(request.headers.get("Authorization"))
            if rejection:
                return rejection
            try:
                activity = check_activity(request, gate.limits)
            except Rejected as malformed:
                return rejection_response(malformed)
            if activity["type"] != "message":
                return response.text("success")
            metadata = self.add_attachments_to_metadata(activity, self.get_metadata(request))
            out_channel = BotFramework(self.app_id, self.app_password, activity["conversation"],
                                       activity["recipient"], activity["serviceUrl"], self.token_url)
            await gate.deliver(on_new_message, UserMessage(
                text=activity.get("text", ""), output_channel=out_channel, sender_id=str(activity["from"]["id"]),
                input_channel=self.name(), metadata=metadata))
            return response.text("success")

        return botframework_webhook
