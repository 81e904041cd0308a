#!/usr/bin/env bash
# Times one server start from launch to its first answered GET /target and prints the seconds. The server command
# must print a URL with 127.0.0.1:PORT on stdout. Polls every 5 ms (at most 10 s) over bash's /dev/tcp (no curl
# needed). After the first answer the server gets SIGTERM, not waited for, so hyperfine measures start-up only.
# Usage: first-response.sh SERVER_COMMAND...
#   first-response.sh dotnet src/Cli/bin/Release/net10.0/Courier.Cli.dll mock --mappings bench/MockServer/wiremock
#   first-response.sh dotnet bench/MockServer/bin/Release/net10.0/Courier.Bench.MockServer.dll bare until-term
set -uo pipefail
out=$(mktemp)
start=$(date +%s%N)
"$@" > "$out" 2>/dev/null &
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
  if ! kill -0 "$pid" 2>/dev/null; then echo "first-response.sh: the server exited early: $*" >&2; exit 1; fi
  sleep 0.005
done
echo "first-response.sh: no answer within 10 s from: $*" >&2
exit 1
