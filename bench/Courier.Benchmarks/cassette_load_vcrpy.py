"""vcrpy's side of CassetteLoadBenchmark: load the same 10,000-interaction cassette with vcrpy (Debian python3-vcr).

Usage: /usr/bin/python3 bench/Courier.Benchmarks/cassette_load_vcrpy.py FILE [RUNS]
FILE is the cassette CassetteLoadBenchmark writes and keeps: /tmp/courier-cassette-10000.yaml.
vcrpy's own loader (vcr.persisters.filesystem + vcr.serializers.yamlserializer, with the C LibYAML loader when
available, as vcrpy uses it) turns the file into Request objects and response dicts; we time that, best of RUNS.
"""
import sys
import time

from vcr.cassette import Cassette
from vcr.persisters.filesystem import FilesystemPersister
from vcr.serializers import yamlserializer

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
best = None
for _ in range(runs):
    start = time.perf_counter()
    requests, responses = FilesystemPersister.load_cassette(path, serializer=yamlserializer)
    elapsed = time.perf_counter() - start
    assert len(requests) == len(responses)
    best = elapsed if best is None else min(best, elapsed)
try:
    from yaml import CLoader  # noqa: F401
    loader = "LibYAML CLoader"
except ImportError:
    loader = "pure-Python Loader"
print(f"vcrpy load of {len(requests)} interactions: best {best * 1000:.1f} ms of {runs} runs ({loader})")
