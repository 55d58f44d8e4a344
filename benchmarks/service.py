"""Service benchmark: requests per second for ``check`` over HTTP on loopback.

Starts ``foreningsregler serve`` on the bundled statute on a free port of
127.0.0.1 (never another interface), warms it up, then keeps a few clients
(each one keep-alive connection) asking ``GET /v1/statutes/{id}/check`` for a
bounded time: the statute's own answer, and one whose facts are evaluated.
Every answer is checked (status 200, the body and power asked); the server
is stopped at the end.

    .venv/bin/python benchmarks/service.py [--quick] [--seconds N] [--clients N]

Prints one JSON line (first key ``check_rps``) and, unless ``--quick``,
rewrites the "Service" section of docs/performance.md with the command that
made it.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
from _report import replace_section

ROOT = Path(__file__).resolve().parent.parent
STATUTE = ROOT / "vedtaegter" / "digitaliseringsforeningen.yaml"
SECTION = "## Service (check over HTTP)"
#: The statute's answer alone, and one with facts whose conditions are evaluated.
STATIC = {"body": "f3-it", "power": "igangsaet-anskaffelse"}
WITH_FACTS = {**STATIC, "phase": "fase-1", "municipality": "Sorø", "area": "it"}
START_LIMIT = 120.0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def serving(statute: Path) -> Iterator[str]:
    """``foreningsregler serve`` on a free loopback port; its base URL."""
    port = _free_port()
    command = [sys.executable, "-m", "foreningsregler", "serve", os.fspath(statute)]
    command += ["--host", "127.0.0.1", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_LIMIT
        while True:
            if server.poll() is not None:
                raise SystemExit(f"the server ended: {server.communicate()[1].decode()}")
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/openapi.json", timeout=5).status_code == 200:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("the server did not start")
            time.sleep(0.2)
        yield base
    finally:
        server.terminate()
        server.communicate(timeout=30)


def _client(url: str, params: dict[str, str], until: float, out: list[float]) -> None:
    """Ask until ``until``; every answer's latency in ``out``."""
    with httpx.Client(timeout=30) as client:
        while time.perf_counter() < until:
            start = time.perf_counter()
            response = client.get(url, params=params)
            out.append(time.perf_counter() - start)
            answer = response.json()
            if response.status_code != 200 or answer["power"] != params["power"]:
                raise SystemExit(f"unexpected answer: {response.status_code} {response.text}")


def load(url: str, params: dict[str, str], seconds: float, clients: int) -> dict[str, float]:
    """``clients`` threads asking for ``seconds``: requests/s and latencies in ms."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    start = time.perf_counter()
    until = start + seconds
    threads = [
        threading.Thread(target=_client, args=(url, params, until, out)) for out in latencies
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    every = sorted(x for one in latencies for x in one)
    return {
        "requests": len(every),
        "rps": len(every) / elapsed,
        "p50_ms": statistics.median(every) * 1000,
        "p95_ms": every[int(len(every) * 0.95) - 1] * 1000,
    }


def measure(seconds: float, clients: int) -> dict[str, object]:
    statute_id = "digitaliseringsforeningen"
    with serving(STATUTE) as base:
        url = f"{base}/v1/statutes/{statute_id}/check"
        load(url, STATIC, min(seconds, 1.0), clients)  # warm up: imports, caches
        static = load(url, STATIC, seconds, clients)
        facts = load(url, WITH_FACTS, seconds, clients)
    return {
        "check_rps": round(static["rps"]),
        "check_with_facts_rps": round(facts["rps"]),
        "check_p50_ms": round(static["p50_ms"], 2),
        "check_p95_ms": round(static["p95_ms"], 2),
        "check_with_facts_p50_ms": round(facts["p50_ms"], 2),
        "requests": static["requests"] + facts["requests"],
        "seconds_each": seconds,
        "clients": clients,
    }


def write_section(result: dict[str, object], command: str) -> None:
    body = "\n".join(
        [
            SECTION,
            "",
            f"Measured {dt.date.today().isoformat()} on {os.cpu_count()} cores, Python "
            f"{platform.python_version()}, with `{command}`: `foreningsregler serve` "
            "(uvicorn, one worker) on the bundled statute, on the loopback interface, "
            f"{result['clients']} client threads with one keep-alive connection each, "
            f"{result['seconds_each']} s per figure after a warm-up; the clients run on the "
            "same cores as the server.",
            "",
            "| request | requests/s | median | 95th percentile |",
            "|---|---:|---:|---:|",
            f"| `GET .../check?body&power` (the statute's answer) | {result['check_rps']:,} "
            f"| {result['check_p50_ms']} ms | {result['check_p95_ms']} ms |",
            f"| `GET .../check` with phase, municipality and area | "
            f"{result['check_with_facts_rps']:,} | {result['check_with_facts_p50_ms']} ms | |",
            "",
            "The library answers `check` in microseconds (the Authority section); over HTTP the "
            "time is the framework's: parsing the query, validating the response model, "
            "writing JSON.",
            "",
        ]
    )
    replace_section(SECTION, body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short smoke run, no docs")
    parser.add_argument("--seconds", type=float, default=None, help="per figure (default 10)")
    parser.add_argument("--clients", type=int, default=4)
    args = parser.parse_args()
    seconds = args.seconds or (2.0 if args.quick else 10.0)
    result = measure(seconds, args.clients)
    print(json.dumps(result))
    if not args.quick:
        given = f" --seconds {args.seconds:g}" if args.seconds else ""
        write_section(result, f"python benchmarks/service.py{given}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
