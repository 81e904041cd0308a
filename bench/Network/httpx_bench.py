"""The seed figure for bench/Network: python3-httpx (Debian) running one of the driver's workloads.

Usage: /usr/bin/python3 httpx_bench.py sync|async WORKLOAD HTTP1_URL H2C_URL COUNT SIZE
WORKLOAD: get_c1 | get_c64 | get_h2c | download | upload (COUNT requests for get_*, SIZE bytes for transfers).
sync uses httpx.Client (get_c64 from 64 threads sharing it); async uses httpx.AsyncClient (get_c64 with 64 tasks,
get_h2c with 100 tasks over one HTTP/2 connection; needs python3-h2). Prints {"value": rate, "httpx": version},
rate in requests/s or MB/s (MiB per second). The driver runs it once per round and bounds it in time.
"""
import asyncio
import json
import sys
import threading
import time

import httpx

MODE, WORKLOAD, HTTP1, H2C = sys.argv[1:5]
COUNT, SIZE = int(sys.argv[5]), int(sys.argv[6])
TIMEOUT = httpx.Timeout(60.0)
WARMUP = min(200, COUNT)


def pattern(size):
    chunk = bytes(65536)
    sent = 0
    while sent < size:
        n = min(len(chunk), size - sent)
        sent += n
        yield chunk[:n]


async def apattern(size):
    for chunk in pattern(size):
        yield chunk


def sync_gets(workers):
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    with httpx.Client(base_url=HTTP1, timeout=TIMEOUT, limits=limits) as client:
        for _ in range(WARMUP):
            client.get("/small").read()
        remaining = [COUNT]
        lock = threading.Lock()

        def worker():
            while True:
                with lock:
                    if remaining[0] <= 0:
                        return
                    remaining[0] -= 1
                assert len(client.get("/small").content) == 5

        start = time.perf_counter()
        threads = [threading.Thread(target=worker) for _ in range(workers)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return COUNT / (time.perf_counter() - start)


async def async_gets(base_url, workers, **kwargs):
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT, limits=limits, **kwargs) as client:
        for _ in range(WARMUP):
            await client.get("/small")
        remaining = [COUNT]

        async def worker():
            while remaining[0] > 0:
                remaining[0] -= 1
                assert len((await client.get("/small")).content) == 5

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        return COUNT / (time.perf_counter() - start)


def sync_download():
    with httpx.Client(base_url=HTTP1, timeout=TIMEOUT) as client:
        start = time.perf_counter()
        total = 0
        with client.stream("GET", f"/big?size={SIZE}") as response:
            for chunk in response.iter_raw(65536):
                total += len(chunk)
        assert total == SIZE
        return SIZE / 1048576 / (time.perf_counter() - start)


async def async_download():
    async with httpx.AsyncClient(base_url=HTTP1, timeout=TIMEOUT) as client:
        start = time.perf_counter()
        total = 0
        async with client.stream("GET", f"/big?size={SIZE}") as response:
            async for chunk in response.aiter_raw(65536):
                total += len(chunk)
        assert total == SIZE
        return SIZE / 1048576 / (time.perf_counter() - start)


def sync_upload():
    with httpx.Client(base_url=HTTP1, timeout=TIMEOUT) as client:
        start = time.perf_counter()
        response = client.post("/sink", content=pattern(SIZE), headers={"Content-Length": str(SIZE)})
        assert int(response.text) == SIZE
        return SIZE / 1048576 / (time.perf_counter() - start)


async def async_upload():
    async with httpx.AsyncClient(base_url=HTTP1, timeout=TIMEOUT) as client:
        start = time.perf_counter()
        response = await client.post("/sink", content=apattern(SIZE), headers={"Content-Length": str(SIZE)})
        assert int(response.text) == SIZE
        return SIZE / 1048576 / (time.perf_counter() - start)


RUNS = {
    ("sync", "get_c1"): lambda: sync_gets(1),
    ("sync", "get_c64"): lambda: sync_gets(64),
    ("sync", "download"): sync_download,
    ("sync", "upload"): sync_upload,
    ("async", "get_c1"): lambda: asyncio.run(async_gets(HTTP1, 1)),
    ("async", "get_c64"): lambda: asyncio.run(async_gets(HTTP1, 64)),
    ("async", "get_h2c"): lambda: asyncio.run(async_gets(H2C, 100, http1=False, http2=True)),
    ("async", "download"): lambda: asyncio.run(async_download()),
    ("async", "upload"): lambda: asyncio.run(async_upload()),
}

if (MODE, WORKLOAD) not in RUNS:
    print(json.dumps({"value": None, "httpx": httpx.__version__, "why": "not measured in this mode"}))
    sys.exit(4)
print(json.dumps({"value": RUNS[(MODE, WORKLOAD)](), "httpx": httpx.__version__}))
