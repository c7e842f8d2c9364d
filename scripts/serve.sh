#!/usr/bin/env bash
# Starts the action server (port 5055), the patient web chat page (port 8080) and the care-team inbox
# (port 8090) in the background and the Rasa server (port 5005, REST and socket.io channels) in the
# foreground. Ctrl-C stops all four.
# Every server listens on 127.0.0.1 only; docs/security.md says how to publish them behind a TLS proxy.
set -euo pipefail
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2} RASA_TELEMETRY_ENABLED=false SQLALCHEMY_SILENCE_UBER_WARNING=1

rasa=(.venv/bin/python -m triage_tools.quiet_rasa)  # `rasa` without third-party deprecation notices

MODEL=${MODEL:-models/imdelltra.tar.gz}
.venv/bin/python -m bot.model_check "$MODEL" || exit 1
.venv/bin/python -m bot.clinic_check  # warns while the care team's number is not set
# Only the channels whose environment variables are set (docs/channels.md); the copy names variables, not secrets.
credentials=$(mktemp "${TMPDIR:-/tmp}/imdelltra-credentials.XXXXXX")
.venv/bin/python -m bot.channels.enabled "${CREDENTIALS:-credentials.yml}" "$credentials"

RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
export WEB_CHAT_PORT=${WEB_CHAT_PORT:-8080}
# The Rasa server sends this token with every action call; the action server refuses calls without it.
export ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(32))')}
"${rasa[@]}" --module bot.action_server --port "$ACTIONS_PORT" &
actions_pid=$!
RASA_PORT=$RASA_PORT .venv/bin/python -m bot.web.server &
web_pid=$!
ENDPOINTS=${ENDPOINTS:-endpoints.yml} .venv/bin/python -m bot.careteam serve &
careteam_pid=$!
# The addresses to open, once Rasa answers (it takes about half a minute to load the model).
( until .venv/bin/python -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=2)' \
      "http://127.0.0.1:$RASA_PORT/" 2>/dev/null; do sleep 1; done
  echo "Ready. Patient web chat: http://localhost:$WEB_CHAT_PORT/   REST: http://localhost:$RASA_PORT/webhooks/rest/webhook"
) &
ready_pid=$!
trap 'kill $actions_pid $web_pid $careteam_pid $ready_pid 2>/dev/null || true; rm -f "$credentials"' EXIT INT TERM

# Rasa's HTTP API can read and change every conversation: it is only switched on with a token.
api=()
if [ -n "${RASA_API_TOKEN:-}" ]; then api=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
# Browsers may call the Rasa server only from these pages (ALLOWED_ORIGINS; default: the web chat page).
read -ra origins <<< "$(.venv/bin/python -m bot.config)"

echo "Starting Rasa on port $RASA_PORT (about half a minute)..."
"${rasa[@]}" run "${api[@]}" --interface "${RASA_HOST:-127.0.0.1}" --port "$RASA_PORT" --cors "${origins[@]}" \
  --model "$MODEL" --endpoints "${ENDPOINTS:-endpoints.yml}" --credentials "$credentials"
