"""The seed figure for bench/Network: python3-httpx (Debian) running the driver's workloads.

Usage: /usr/bin/python3 httpx_bench.py <http1-base-url> <h2c-base-url> <requests> <download-bytes>
Prints one JSON object: requests per second at concurrency 1 and 64 (HTTP/1.1), over h2c with 100 streams
(null when the h2 package is missing), and download throughput in MB/s.
"""
import asyncio
import json
import sys
import time

import httpx

HTTP1, H2C, COUNT, SIZE = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
TIMEOUT = httpx.Timeout(60.0)


def c1():
    with httpx.Client(base_url=HTTP1, timeout=TIMEOUT) as client:
        for _ in range(200):
            client.get("/small").read()
        start = time.perf_counter()
        for _ in range(COUNT):
            client.get("/small").read()
        return COUNT / (time.perf_counter() - start)


async def concurrent(base_url, workers, **kwargs):
    limits = httpx.Limits(max_connections=workers, max_keepalive_connections=workers)
    async with httpx.AsyncClient(base_url=base_url, timeout=TIMEOUT, limits=limits, **kwargs) as client:
        for _ in range(200):
            await client.get("/small")
        remaining = [COUNT]

        async def worker():
            while remaining[0] > 0:
                remaining[0] -= 1
                await client.get("/small")

        start = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        return COUNT / (time.perf_counter() - start)


def h2c():
    try:
        import h2  # noqa: F401  (httpx needs it for HTTP/2)
    except ImportError:
        return None
    return asyncio.run(concurrent(H2C, 100, http1=False, http2=True))


def download():
    with httpx.Client(base_url=HTTP1, timeout=TIMEOUT) as client:
        start = time.perf_counter()
        total = 0
        with client.stream("GET", f"/big?size={SIZE}") as response:
            for chunk in response.iter_raw(65536):
                total += len(chunk)
        assert total == SIZE
        return SIZE / 1048576 / (time.perf_counter() - start)


print(json.dumps({
    "httpx": httpx.__version__,
    "c1": c1(),
    "c64": asyncio.run(concurrent(HTTP1, 64)),
    "h2c": h2c(),
    "download_mbps": download(),
}))
