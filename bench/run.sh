#!/usr/bin/env bash
# Courier's benchmark suite, one command (issue 10). Builds bench/Bench.slnx in Release, starts its own loopback
# servers (127.0.0.1, ports the system picks), runs every workload with the contenders alternating (at least 3 rounds,
# medians), writes the results JSON and regenerates the page with its charts.
#
#   bench/run.sh                 full run (at most ~15 minutes on 2 cores): bench/results/<date>.json, docs/benchmarks.md,
#                                docs/img/*.png
#   bench/run.sh --quick         smoke test for CI (under 2 minutes after the build; its caps, 10 minutes in all,
#                                only stop a hang): smaller workloads, one
#                                BenchmarkDotNet round; writes to $TMPDIR/courier-bench-quick/ unless --out is given.
#                                Fails only on breakage, never on speed; needs only dotnet (and bash, coreutils).
#   --out DIR                    write results.json, benchmarks.md and img/ into DIR instead
#   --only network|inprocess|mockserver   run one group (the page shows the others as not measured)
#
# Optional tools, each workload skipped with a note when missing: /usr/bin/python3 with python3-httpx (+ python3-h2
# for h2c) and python3-vcr; wrk; h2load (nghttp2-client); hyperfine; gnuplot (gnuplot-nox) for the charts.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

quick=0 out="" only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --out) out=$2; shift ;;
    --only) only=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

if [ $quick = 1 ]; then
  mode=quick budget=600 rounds=3 bdn_rounds=1 load_seconds=1 warm_seconds=0
  bdn_job=(--job dry)
  export COURIER_BENCH_QUICK=1
  out=${out:-${TMPDIR:-/tmp}/courier-bench-quick}
else
  mode=full budget=810 rounds=3 bdn_rounds=3 load_seconds=5 warm_seconds=2
  bdn_job=(--warmupCount 2 --iterationCount 5 --iterationTime 100 --launchCount 1)
fi
if [ -n "$out" ]; then
  mkdir -p "$out"
  results_file=$out/results.json page=$out/benchmarks.md
else
  results_file=bench/results/$(date -u +%Y-%m-%d).json page=docs/benchmarks.md
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/courier-bench.XXXXXX")
pids=()
cleanup() {
  # Closing each server's stdin stops it; whatever is still alive after that is killed by its own pid.
  for fd in "${fds[@]:-}"; do [ -n "$fd" ] && eval "exec $fd>&-" 2>/dev/null || true; done
  for pid in "${pids[@]:-}"; do
    [ -n "$pid" ] || continue
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
fds=()
trap cleanup EXIT
trap 'exit 130' INT TERM

start_time=$SECONDS
# COURIER_BENCH_WITHOUT="wrk h2load hyperfine gnuplot python" pretends those tools are missing (tests the skip paths).
without=" ${COURIER_BENCH_WITHOUT:-} "
have() { [[ "$without" != *" $1 "* ]] && command -v "$1" >/dev/null 2>&1; }
note() { echo "bench: note: $*"; echo "$*" >> "$work/notes.txt"; }
step() { echo; echo "== $* ($((SECONDS - start_time)) s elapsed)"; }
left() { echo $((budget - (SECONDS - start_time))); }
# cap SECONDS CMD...: runs CMD, killed after SECONDS, and at most a minute past the budget (the steps below check the
# budget before they start, so that minute is the hard bound's slack); a timeout is breakage.
cap() {
  local limit=$1; shift
  local rest; rest=$(( $(left) + 60 ))
  [ "$rest" -lt "$limit" ] && limit=$rest
  if [ "$limit" -le 5 ]; then echo "bench: the time budget ($budget s) is spent before: $*" >&2; return 124; fi
  timeout -k 10 "$limit" "$@"
}
wanted() { [ -z "$only" ] || [ "$only" = "$1" ]; }
python=""
if [ -x /usr/bin/python3 ] && [[ "$without" != *" python "* ]]; then python=/usr/bin/python3; fi

step "build (Release)"
dotnet build -c Release bench/Bench.slnx -v q -nologo -clp:ErrorsOnly
bin=bin/Release/net10.0
start_time=$SECONDS  # the budget counts from here: the build's time depends on the machine's caches
echo "at the start $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" > "$work/load.txt"
{
  echo "dotnet=$(dotnet --version)"
  [ -n "$python" ] && echo "python=$($python -c 'import sys; print(sys.version.split()[0])')"
  [ -n "$python" ] && $python -c 'import httpx; print("httpx=" + httpx.__version__)' 2>/dev/null
  have wrk && echo "wrk=$(wrk -v 2>&1 | head -1 | awk '{print $2}')"
  have h2load && echo "h2load=$(h2load --version 2>&1 | head -1 | awk '{print $NF}')"
  have hyperfine && echo "hyperfine=$(hyperfine --version | awk '{print $2}')"
  have gnuplot && echo "gnuplot=$(gnuplot --version | awk '{print $2}')"
} > "$work/tools.txt" || true

if wanted network; then
  step "network client: Courier vs HttpClient vs httpx"
  args=(--rounds "$rounds" --json "$work/network.json" --max-seconds 600)
  [ $quick = 1 ] && args+=(--quick)
  if [ -z "$python" ] || ! $python -c 'import httpx' 2>/dev/null; then
    note "Python httpx not measured: /usr/bin/python3 with Debian's python3-httpx is missing."
    args+=(--no-python)
  fi
  cap 600 dotnet bench/Network/Driver/$bin/Courier.Bench.Driver.dll "${args[@]}"
fi

if wanted inprocess; then
  export COURIER_BENCH_CASSETTES=$work/cassettes
  dotnet bench/Courier.Benchmarks/$bin/Courier.Benchmarks.dll write-cassettes "$COURIER_BENCH_CASSETTES" > /dev/null
  vcrpy=0
  if [ -n "$python" ] && $python -c 'import vcr' 2>/dev/null; then vcrpy=1; else note "vcrpy not measured: Debian's python3-vcr is missing."; fi
  sizes=10,1000,10000; [ $quick = 1 ] && sizes=10,1000
  for r in $(seq 1 "$bdn_rounds"); do
    # A round takes about 1 minute on a quiet 2-core machine, 4 under heavy load: start one only if it fits (as long
    # as the last one took) with room left for the MockServer step (about 150 s).
    if [ $quick = 0 ] && [ "$r" -gt 1 ] && [ "$(left)" -lt $((round_seconds + 150)) ]; then
      note "in-process: only $((r - 1)) of $bdn_rounds BenchmarkDotNet rounds fitted in the time budget (the last took $round_seconds s)."
      break
    fi
    round_start=$SECONDS
    step "in-process (BenchmarkDotNet), round $r of $bdn_rounds$([ $((r % 2)) = 0 ] && echo ', reverse order')"
    COURIER_BENCH_REVERSE=$(( r % 2 == 0 ? 1 : 0 )) cap 420 dotnet bench/Courier.Benchmarks/$bin/Courier.Benchmarks.dll \
      --filter '*ClientOverhead*' '*TestHost*' '*MockRoutes*' '*Cassette*' --inProcess "${bdn_job[@]}" \
      --exporters json --artifacts "$work/bdn-$r" > "$work/bdn-$r.log" 2>&1 \
      || { tail -30 "$work/bdn-$r.log"; echo "bench: BenchmarkDotNet round $r failed (log above)" >&2; exit 1; }
    # BenchmarkDotNet exits 0 when it refuses to run (validation errors): no JSON means breakage.
    if [ "$(ls "$work/bdn-$r/results/"*.json 2>/dev/null | wc -l)" -lt 4 ]; then
      tail -30 "$work/bdn-$r.log"; echo "bench: BenchmarkDotNet round $r produced no results (log above)" >&2; exit 1
    fi
    grep -E '^\| ' "$work/bdn-$r.log" | grep -v -- '---' | sed 's/^/  /' || true
    if [ $vcrpy = 1 ]; then
      echo "  vcrpy load + replay, round $r:"
      cap 180 $python bench/Courier.Benchmarks/cassette_load_vcrpy.py "$COURIER_BENCH_CASSETTES" 1 "$sizes" > "$work/vcrpy-$r.json"
      sed 's/^/  /' "$work/vcrpy-$r.json"
    fi
    round_seconds=$((SECONDS - round_start))
  done
  # The TestServer target: its cases side by side in rounds in one process (BenchmarkDotNet runs them one after another).
  # About a minute on a quiet machine; skipped (the target then reads "not measured") when the budget cannot hold it.
  if [ "$(left)" -lt 90 ]; then
    note "TestServer cases interleaved not measured: the time budget was spent."
  else
    step "in-process: TestServer cases interleaved"
    cap 240 dotnet bench/Courier.Benchmarks/$bin/Courier.Benchmarks.dll interleaved-testhost "$work/testhost-interleaved.json" \
      "$([ $quick = 1 ] && echo 2 || echo 20)" | sed 's/^/  /'
  fi
fi

# start_server NAME ARGS...: a bench/MockServer process kept alive by an open fifo on its stdin; sets $url.
start_server() {
  local name=$1; shift
  mkfifo "$work/$name.in"
  dotnet bench/MockServer/$bin/Courier.Bench.MockServer.dll "$@" < "$work/$name.in" > "$work/$name.url" 2> "$work/$name.err" &
  pids+=($!)
  local fd
  exec {fd}> "$work/$name.in"
  fds+=("$fd")
  for _ in $(seq 1 300); do [ -s "$work/$name.url" ] && break; sleep 0.1; done
  url=$(head -1 "$work/$name.url")
  [ -n "$url" ] || { cat "$work/$name.err" >&2; echo "bench: $name server did not start" >&2; exit 1; }
}

if wanted mockserver; then
  step "MockServer (100 stubs) vs bare Kestrel"
  for tool in wrk h2load; do
    if ! have $tool; then
      note "MockServer under $tool not measured: $tool is not installed (Debian $([ $tool = wrk ] && echo wrk || echo nghttp2-client))."
      continue
    fi
    if [ "$(left)" -lt 45 ]; then note "MockServer under $tool not measured: the time budget was spent."; continue; fi
    declare -A urls=()
    for kind in bare mock; do
      if [ $tool = wrk ]; then start_server "$kind-http1" "$kind"; else start_server "$kind-h2c" "$kind" h2c; fi
      urls[$kind]=$url
    done
    for r in $(seq 1 "$rounds"); do
      if [ "$(left)" -lt 15 ]; then note "MockServer under $tool: only $((r - 1)) of $rounds rounds fitted in the time budget."; break; fi
      order=(bare mock); [ $((r % 2)) = 0 ] && order=(mock bare)
      for kind in "${order[@]}"; do
        if [ $tool = wrk ]; then
          [ "$warm_seconds" -gt 0 ] && cap 30 wrk -t1 -c32 -d"${warm_seconds}s" "${urls[$kind]}" > /dev/null
          cap 60 wrk -t1 -c32 -d"${load_seconds}s" "${urls[$kind]}" > "$work/wrk-$kind-$r.txt"
        else
          warm=(); [ "$warm_seconds" -gt 0 ] && warm=(--warm-up-time="$warm_seconds")
          cap 60 h2load -t1 -c4 -m32 "${warm[@]}" -D "$load_seconds" "${urls[$kind]}" > "$work/h2load-$kind-$r.txt"
          grep -q " 0 failed, 0 errored" "$work/h2load-$kind-$r.txt" || note "h2load saw failed requests on $kind, round $r."
        fi
        echo "  $tool round $r $kind: $(grep -hoE 'Requests/sec: +[0-9.]+|finished in [0-9.]+m?s, [0-9.]+ req/s' "$work/$tool-$kind-$r.txt")"
      done
    done
  done

  step "courier mock start to first response, against a bare Kestrel start"
  # first-response.sh times launch -> first answered GET /target; the bare Kestrel start (the bench server's 'bare'
  # mode) is the limit: the .NET runtime and Kestrel starting, without the CLI, MockServer and the 100 mappings.
  mock_cmd="bench/MockServer/first-response.sh dotnet $root/src/Cli/$bin/Courier.Cli.dll mock --mappings $root/bench/MockServer/wiremock"
  bare_cmd="bench/MockServer/first-response.sh dotnet $root/bench/MockServer/$bin/Courier.Bench.MockServer.dll bare until-term"
  runs=$([ $quick = 1 ] && echo 1 || echo 2)
  have hyperfine || note "hyperfine not installed: start-up timed by bench/MockServer/first-response.sh itself."
  for r in $(seq 1 "$rounds"); do
    if [ "$(left)" -lt 10 ]; then note "start-up: only $((r - 1)) of $rounds rounds fitted in the time budget."; break; fi
    names=(courier-mock kestrel) cmds=("$mock_cmd" "$bare_cmd")
    if [ $((r % 2)) = 0 ]; then names=(kestrel courier-mock) cmds=("$bare_cmd" "$mock_cmd"); fi
    if have hyperfine; then
      cap 120 hyperfine --runs "$runs" --warmup 1 --style basic --export-json "$work/hyperfine-$r.json" \
        -n "${names[0]}" "${cmds[0]}" -n "${names[1]}" "${cmds[1]}" | grep -E 'Time|^Benchmark' || true
    else
      for i in 0 1; do
        for _ in $(seq 1 "$runs"); do
          seconds=$(cap 30 ${cmds[$i]}) || { echo "bench: ${names[$i]} did not answer" >&2; exit 1; }
          echo "${names[$i]} $seconds" | tee -a "$work/first-response.txt"
        done
      done
    fi
  done
fi

step "report"
echo "at the end $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)" >> "$work/load.txt"
command=bench/run.sh
if [ $quick = 1 ]; then command+=" --quick"; fi
if [ -n "$only" ]; then command+=" --only $only"; fi
report=bench/Report/$bin/Courier.Bench.Report.dll
have gnuplot || note "charts not drawn: gnuplot is not installed (Debian gnuplot-nox)."
dotnet "$report" collect "$work" "$mode" "$command" "$results_file"
dotnet "$report" render "$results_file" "$page"
echo
echo "bench: done in $((SECONDS - start_time)) s after the build ($mode): $results_file, $page"
