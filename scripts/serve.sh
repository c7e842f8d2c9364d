#!/usr/bin/env bash
# Starts the action server (port 5055), the patient web chat page (port 8080) and the care-team inbox
# (port 8090) in the background and the Rasa server (port 5005, REST and socket.io channels) in the
# foreground. Ctrl-C stops all four.
# Every server listens on 127.0.0.1 only; docs/security.md says how to publish them behind a TLS proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1

MODEL=${MODEL:-models/imdelltra.tar.gz}
.venv/bin/python -m bot.model_check "$MODEL" || exit 1

RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
export WEB_CHAT_PORT=${WEB_CHAT_PORT:-8080}
# The Rasa server sends this token with every action call; the action server refuses calls without it.
export ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}
.venv/bin/python -m bot.action_server --port "$ACTIONS_PORT" &
actions_pid=$!
RASA_PORT=$RASA_PORT .venv/bin/python -m bot.web.server &
web_pid=$!
ENDPOINTS=${ENDPOINTS:-endpoints.yml} .venv/bin/python -m bot.careteam serve &
careteam_pid=$!
trap 'kill $actions_pid $web_pid $careteam_pid 2>/dev/null || true' EXIT INT TERM

# Rasa's HTTP API can read and change every conversation: it is only switched on with a token.
api=()
if [ -n "${RASA_API_TOKEN:-}" ]; then api=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
# Browsers may call the Rasa server only from these pages (ALLOWED_ORIGINS; default: the web chat page).
read -ra origins <<< "$(.venv/bin/python -m bot.config)"

echo "Starting Rasa on http://localhost:$RASA_PORT (REST: /webhooks/rest/webhook, socket.io: /socket.io)"
echo "Patient web chat: http://localhost:$WEB_CHAT_PORT/"
.venv/bin/rasa run "${api[@]}" --interface "${RASA_HOST:-127.0.0.1}" --port "$RASA_PORT" --cors "${origins[@]}" \
  --model "$MODEL" --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials "${CREDENTIALS:-credentials.yml}"
