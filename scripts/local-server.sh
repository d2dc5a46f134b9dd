# Sourced by scripts/schemathesis and scripts/openapi-checks. `start_local_server WORK LOG`
# starts `partnerb2b serve` (built beforehand: scripts/test does) on a free loopback port
# with a fresh embedded store in WORK, its log in LOG, waits until it listens, and sets
# server_pid, server_url and PARTNERB2B_API_KEY (the demo partner's key). The caller
# stops it: `kill "$server_pid"`, from a trap set before the call.
start_local_server() {
  local work=$1 log=$2 port deadline
  port=$(.venv/bin/python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  target/debug/partnerb2b serve --addr "127.0.0.1:$port" --data "$work/partnerb2b.db" \
    >"$work/server.out" 2>"$log" &
  server_pid=$!
  deadline=$((SECONDS + 30))
  until grep -q '^listening on ' "$work/server.out"; do
    if ! kill -0 "$server_pid" 2>/dev/null || [ "$SECONDS" -ge "$deadline" ]; then
      echo "the local server did not start; see $log" >&2
      cat "$work/server.out" >&2
      return 1
    fi
    sleep 0.1
  done
  server_url="http://127.0.0.1:$port"
  PARTNERB2B_API_KEY=$(sed -n 's/^demo api key: //p' "$work/server.out")
}

# Stops the server start_local_server started, if any.
stop_local_server() {
  if [ -n "${server_pid:-}" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
}
