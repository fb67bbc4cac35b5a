#!/usr/bin/env bash
# Starts or stops the local AWS (moto) and the local Lambda endpoint that hosts the production
# handler entrypoint. Both listen on loopback only; their process IDs are recorded in .local/ so that
# `down` stops exactly these processes and nothing else.
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_PORT="${MOTO_PORT:-5000}"
HANDLER_PORT="${HANDLER_PORT:-3001}"
STATE=.local
VENV_BIN=.venv/bin

alive() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

wait_for() { # name url
  for _ in $(seq 1 120); do
    if curl -sf -o /dev/null "$2"; then return 0; fi
    if ! alive "$1"; then
      echo "$1 exited while starting; its log follows:" >&2
      tail -n 40 "$STATE/$1.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "$1 did not answer at $2 within 60 s" >&2
  return 1
}

up() {
  mkdir -p "$STATE/tmp"
  if ! alive moto; then
    "$VENV_BIN/python" scripts/local_aws.py -H 127.0.0.1 -p "$MOTO_PORT" >"$STATE/moto.log" 2>&1 &
    echo $! >"$STATE/moto.pid"
  fi
  if ! alive handler; then
    [ -f target/test-classpath.txt ] || { echo "build first: make classes" >&2; exit 1; }
    AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" AWS_REGION="${AWS_REGION:-us-east-1}" \
      java -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$PWD/$STATE/tmp" \
      -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
      software.amazon.sns.ssetopic.local.LocalLambdaEndpoint "$HANDLER_PORT" >"$STATE/handler.log" 2>&1 &
    echo $! >"$STATE/handler.pid"
  fi
  wait_for moto "http://127.0.0.1:$MOTO_PORT/moto-api/data.json"
  wait_for handler "http://127.0.0.1:$HANDLER_PORT/ping"
  echo "local AWS (moto) on 127.0.0.1:$MOTO_PORT, handler endpoint on 127.0.0.1:$HANDLER_PORT"
}

down() {
  for name in handler moto; do
    if alive "$name"; then
      kill "$(cat "$STATE/$name.pid")"
      for _ in $(seq 1 20); do alive "$name" || break; sleep 0.25; done
      if alive "$name"; then kill -9 "$(cat "$STATE/$name.pid")"; fi
      echo "stopped $name"
    fi
    rm -f "$STATE/$name.pid"
  done
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  *) echo "usage: $0 up|down" >&2; exit 2 ;;
esac
