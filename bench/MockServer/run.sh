#!/usr/bin/env bash
# MockServer with 100 stubs vs a bare Kestrel endpoint under wrk (1 thread, 32 connections), alternating
# bare/mock for ROUNDS rounds (default 2), then `courier mock` start-to-first-response (3 runs).
# Needs wrk and curl (Debian packages). Bounded: about (13 s x 2 x ROUNDS) + a few seconds.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-2}
dotnet build -c Release bench/MockServer/Courier.Bench.MockServer.csproj -v q -nologo >/dev/null
dotnet build -c Release src/Cli/Courier.Cli.csproj -v q -nologo >/dev/null
bin=bench/MockServer/bin/Release/net10.0/Courier.Bench.MockServer.dll
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for round in $(seq 1 "$rounds"); do
  for kind in bare mock; do
    mkfifo "$tmp/in"
    dotnet "$bin" "$kind" < "$tmp/in" > "$tmp/url" &
    pid=$!
    exec 3>"$tmp/in"
    for _ in $(seq 1 200); do [ -s "$tmp/url" ] && break; sleep 0.05; done
    url=$(head -1 "$tmp/url")
    wrk -t1 -c32 -d3s "$url" > /dev/null
    echo "round $round $kind $(wrk -t1 -c32 -d10s "$url" | grep Requests/sec)"
    exec 3>&-
    wait "$pid"
    rm -f "$tmp/in" "$tmp/url"
  done
done

mappings=$(cd ../shared/fixtures/wiremock/remoteloader 2>/dev/null && pwd || true)
if [ -z "$mappings" ]; then echo "shared/fixtures not found beside the repo: skipping the start-time run"; exit 0; fi
for run in 1 2 3; do
  start=$(date +%s.%N)
  dotnet src/Cli/bin/Release/net10.0/Courier.Cli.dll mock --mappings "$mappings" > "$tmp/out" 2>&1 &
  pid=$!
  for _ in $(seq 1 500); do
    url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$tmp/out" | head -1 || true)
    if [ -n "$url" ] && curl -sf "$url/remote-load/1" > /dev/null; then break; fi
    sleep 0.01
  done
  end=$(date +%s.%N)
  kill -TERM "$pid"; wait "$pid" || true
  echo "courier mock start to first response, run $run: $(echo "$end - $start" | bc) s"
done
