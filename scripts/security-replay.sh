#!/usr/bin/env bash
# Replays the eight requests of security issue 12 (admin escalation by staff import, the XLSX memory bomb, the
# restricted administrator, sign-in throttle/lockout bypasses, room leaders reading check-ins, sessions surviving a
# password change and two-factor re-enrolment, the open redirect and login CSRF, CSRF skipped on //api) against a
# fresh demo college, and checks each is refused. See scripts/security-replay.py for the checks themselves.
#
#   swift build -c release --scratch-path .build-release && scripts/security-replay.sh
#
# It builds nothing: SHOUHU_BIN names the binary (default .build-release/release/shouhu; a debug build works too:
# SHOUHU_BIN=.build/debug/shouhu scripts/security-replay.sh). The demo server runs in a temporary folder on a
# throwaway SQLite database and a free port of 127.0.0.1, with SHOUHU_SIGNIN_RATE=1000 so the sign-in throttle does
# not get in the way of the checks; a second, empty server (no demo, SHOUHU_SIGNIN_RATE=30, the default) is started
# beside it to check the throttle itself. Both are stopped by their PIDs when the script ends, however it ends.
# Arguments are passed to the Python script (e.g. --only 1,4). Exits with the Python script's status (1 when any
# check fails; 2 when a server could not be started).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
bin=${SHOUHU_BIN:-.build-release/release/shouhu}
case $bin in /*) ;; *) bin="$root/$bin" ;; esac
if [[ ! -x $bin ]]; then
    echo "no shouhu binary at $bin: build it (swift build -c release --scratch-path .build-release) or set SHOUHU_BIN" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/shouhu-security-replay.XXXXXX")
server_pid=""
throttle_pid=""
stop() {  # stop PID: SIGTERM, then SIGKILL after 5 s
    local pid=$1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}
cleanup() {
    stop "$server_pid"
    stop "$throttle_pid"
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}
# wait_ready PID URL LOG SECONDS: until URL/readyz answers 200; exits 2 if the server dies or takes too long.
wait_ready() {
    local pid=$1 url=$2 log=$3 seconds=$4
    for _ in $(seq 1 $((seconds * 2))); do
        if ! kill -0 "$pid" 2>/dev/null; then
            echo "the server (pid $pid) exited while starting:" >&2; tail -n 30 "$log" >&2; exit 2
        fi
        if python3 -c 'import sys, urllib.request; sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=2).status == 200 else 1)' \
            "$url/readyz" 2>/dev/null; then
            return 0
        fi
        sleep 0.5
    done
    echo "the server (pid $pid) was not ready within $seconds s:" >&2; tail -n 30 "$log" >&2; exit 2
}

port=$(free_port)
database="sqlite:$work/x.sqlite"
admin_password="Replay-Admin-$RANDOM-$RANDOM"
url="http://127.0.0.1:$port"

cd "$work"
mkdir -p demo throttle
(cd demo && SHOUHU_ADMIN_PASSWORD=$admin_password SHOUHU_SIGNIN_RATE=1000 \
    exec "$bin" serve --demo --database "$database" --host 127.0.0.1 --port "$port") >"$work/server.log" 2>&1 &
server_pid=$!
echo "shouhu serve --demo (pid $server_pid) on $url, loading the demo college…"

throttle_port=$(free_port)
throttle_url="http://127.0.0.1:$throttle_port"
(cd throttle && SHOUHU_ADMIN_PASSWORD=$admin_password SHOUHU_SIGNIN_RATE=30 \
    exec "$bin" serve --database "sqlite:$work/throttle/t.sqlite" --host 127.0.0.1 --port "$throttle_port") \
    >"$work/throttle.log" 2>&1 &
throttle_pid=$!

# Up to 180 s: the demo takes ~22 s from a release build, ~60 s from a debug one (longer on a busy machine).
wait_ready "$server_pid" "$url" "$work/server.log" 180
wait_ready "$throttle_pid" "$throttle_url" "$work/throttle.log" 60

status=0
SHOUHU_ADMIN_PASSWORD=$admin_password python3 "$here/security-replay.py" --url "$url" --bin "$bin" \
    --database "$database" --pid "$server_pid" --throttle-url "$throttle_url" "$@" || status=$?
if [[ $status -ne 0 ]]; then
    echo "--- last lines of the server log ($work/server.log) ---"
    tail -n 20 "$work/server.log"
fi
exit "$status"
