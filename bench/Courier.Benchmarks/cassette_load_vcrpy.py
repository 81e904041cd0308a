"""vcrpy's side of the cassette benchmarks (Debian python3-vcr): load and replay the very cassettes Courier loads.

Usage: /usr/bin/python3 bench/Courier.Benchmarks/cassette_load_vcrpy.py DIR [RUNS] [SIZES]
DIR holds cassette-N.yaml (written by `Courier.Benchmarks write-cassettes DIR`); SIZES defaults to 10,1000,10000.
Load: vcrpy's own loader (vcr.persisters.filesystem + vcr.serializers.yamlserializer, with LibYAML's CLoader when
available, as vcrpy uses it) turning the file into Request objects and response dicts; median of RUNS (default 1:
bench/run.sh calls this once per round, alternating with Courier's rounds).
Replay: Cassette.play_response for the last recorded request (repeats allowed), median per call over a loop bounded to 1,000 calls and
about one second.
Prints one JSON object: {"vcrpy", "loader", "load_ms": {N: ms}, "replay_us": {N: us}}.
"""
import json
import os
import statistics
import sys
import time

import vcr
from vcr.cassette import Cassette
from vcr.persisters.filesystem import FilesystemPersister
from vcr.serializers import yamlserializer

directory = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 1
sizes = [int(s) for s in (sys.argv[3] if len(sys.argv) > 3 else "10,1000,10000").split(",")]
load_ms, replay_us = {}, {}
for n in sizes:
    path = os.path.join(directory, f"cassette-{n}.yaml")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        requests, responses = FilesystemPersister.load_cassette(path, serializer=yamlserializer)
        times.append(time.perf_counter() - start)
        assert len(requests) == len(responses) == n, (len(requests), n)
    load_ms[str(n)] = statistics.median(times) * 1000

    cassette = Cassette.load(path=path, serializer=yamlserializer, allow_playback_repeats=True)
    last = requests[-1]
    cassette.play_response(last)  # warm-up, and proves the lookup finds it
    deadline, samples = time.perf_counter() + 1.0, []
    while len(samples) < 1000 and (len(samples) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        cassette.play_response(last)
        samples.append(time.perf_counter() - start)
    replay_us[str(n)] = statistics.median(samples) * 1e6

try:
    from yaml import CLoader  # noqa: F401
    loader = "LibYAML CLoader"
except ImportError:
    loader = "pure-Python Loader"
print(json.dumps({"vcrpy": vcr.__version__, "loader": loader, "load_ms": load_ms, "replay_us": replay_us}))
