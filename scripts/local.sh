#!/usr/bin/env bash
# Starts or stops the local AWS (moto) and the local Lambda endpoint that hosts the production
# handler entrypoint. Both listen on loopback only; their process IDs are recorded in .local/ so that
# `down` stops exactly these processes and nothing else.
#   up | down          start (returns once both answer) or stop them
#   check-ports        fail at once if a port is held by a process this project did not start,
#                      so that `make local-up` and `make demo` refuse before they build anything
#   require TARGET     fail in one line, naming TARGET, unless both services answer
#   refuse-if-running  fail, naming them, while any service recorded in .local/ (on any port) runs
set -euo pipefail
cd "$(dirname "$0")/.."

MOTO_PORT="${MOTO_PORT:-5000}"
HANDLER_PORT="${HANDLER_PORT:-3001}"
STATE=.local
VENV_BIN=.venv/bin
# Process IDs and logs are kept per port, so instances on other ports are never confused.
MOTO="moto-$MOTO_PORT"
HANDLER="handler-$HANDLER_PORT"

alive() { [ -f "$STATE/$1.pid" ] && kill -0 "$(cat "$STATE/$1.pid")" 2>/dev/null; }

port_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

refuse_if_taken() { # port variable
  if port_taken "$1"; then
    echo "port $1 is in use by a process this project did not start; stop it or set $2" >&2
    exit 1
  fi
}

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

check_ports() {
  alive "$MOTO" || refuse_if_taken "$MOTO_PORT" MOTO_PORT
  alive "$HANDLER" || refuse_if_taken "$HANDLER_PORT" HANDLER_PORT
}

answers() { curl -sf -o /dev/null --max-time 2 "$1"; }

require() { # target
  if ! answers "http://127.0.0.1:$MOTO_PORT/moto-api/data.json" \
    || ! answers "http://127.0.0.1:$HANDLER_PORT/ping"; then
    echo "make $1 needs the local AWS on 127.0.0.1:$MOTO_PORT and the handler endpoint on" \
      "127.0.0.1:$HANDLER_PORT: run 'make local-up' first (same MOTO_PORT and HANDLER_PORT)" >&2
    exit 1
  fi
}

refuse_if_running() {
  local live=() pid
  for pid in "$STATE"/*.pid; do
    [ -f "$pid" ] && alive "$(basename "$pid" .pid)" && live+=("$(basename "$pid" .pid)")
  done
  if [ ${#live[@]} -gt 0 ]; then
    echo "local services still run (${live[*]}): stop them first with 'make local-down'" \
      "(with the MOTO_PORT and HANDLER_PORT they were started with)" >&2
    exit 1
  fi
}

up() {
  mkdir -p "$STATE/tmp-$HANDLER_PORT"
  if ! alive "$MOTO"; then
    refuse_if_taken "$MOTO_PORT" MOTO_PORT
    # The request recorder (make bench) writes its file here, not into the work tree.
    MOTO_RECORDER_FILEPATH="$STATE/$MOTO.recording" \
      "$VENV_BIN/python" scripts/local_aws.py -H 127.0.0.1 -p "$MOTO_PORT" >"$STATE/$MOTO.log" 2>&1 &
    echo $! >"$STATE/$MOTO.pid"
  fi
  if ! alive "$HANDLER"; then
    refuse_if_taken "$HANDLER_PORT" HANDLER_PORT
    [ -f target/test-classpath.txt ] || { echo "build first: make classes" >&2; exit 1; }
    AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT" AWS_REGION="${AWS_REGION:-us-east-1}" \
      java -XX:TieredStopAtLevel=1 -Djava.io.tmpdir="$PWD/$STATE/tmp-$HANDLER_PORT" \
      -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
      software.amazon.sns.ssetopic.local.LocalLambdaEndpoint "$HANDLER_PORT" >"$STATE/$HANDLER.log" 2>&1 &
    echo $! >"$STATE/$HANDLER.pid"
  fi
  wait_for "$MOTO" "http://127.0.0.1:$MOTO_PORT/moto-api/data.json"
  wait_for "$HANDLER" "http://127.0.0.1:$HANDLER_PORT/ping"
  # What answered must be ours, not something that took the port meanwhile.
  alive "$MOTO" && alive "$HANDLER" || { echo "a local service exited after starting" >&2; exit 1; }
  echo "local AWS (moto) on 127.0.0.1:$MOTO_PORT, handler endpoint on 127.0.0.1:$HANDLER_PORT"
}

down() {
  for name in "$HANDLER" "$MOTO"; do
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
  check-ports) check_ports ;;
  require) require "${2:?usage: $0 require TARGET}" ;;
  refuse-if-running) refuse_if_running ;;
  *) echo "usage: $0 up|down|check-ports|require TARGET|refuse-if-running" >&2; exit 2 ;;
esac
