#!/usr/bin/env bash
# One start of `courier mock --mappings bench/MockServer/wiremock` (100 stubs), timed from launch to the first answered
# GET /target; prints the seconds. Polls every 5 ms (at most 10 s) over bash's /dev/tcp, so it needs no curl. After the
# first answer the server gets SIGTERM (not waited for, so hyperfine measures start-to-first-response only).
# Usage: first-response.sh CLI_DLL [MAPPINGS_DIR]
set -uo pipefail
cli=$1
mappings=${2:-$(cd "$(dirname "$0")" && pwd)/wiremock}
out=$(mktemp)
start=$(date +%s%N)
dotnet "$cli" mock --mappings "$mappings" > "$out" 2>/dev/null &
pid=$!
trap 'kill -TERM "$pid" 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 2000); do
  port=$(grep -oE '127\.0\.0\.1:[0-9]+' "$out" | head -1 | cut -d: -f2)
  if [ -n "$port" ] && exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    printf 'GET /target HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
    read -r -t 5 status <&3 || status=""
    exec 3<&-
    if [[ "$status" == "HTTP/1.1 200"* ]]; then
      end=$(date +%s%N)
      echo "$(( (end - start) / 1000000 ))" | awk '{ printf "%.3f\n", $1 / 1000 }'
      exit 0
    fi
  fi
  if ! kill -0 "$pid" 2>/dev/null; then echo "courier mock exited early" >&2; exit 1; fi
  sleep 0.005
done
echo "courier mock gave no answer within 10 s" >&2
exit 1
