#!/usr/bin/env python3
"""Slow clients against `newssearch serve`: SLOW connections each send a
request head one byte every INTERVAL seconds while one ordinary client asks
/api/search again and again. Prints the ordinary client's answered requests,
failures (no answer within 5 s) and latencies, and what the slow ones got.

usage: bench/slowloris.py NEWSSEARCH DB [--slow 200] [--interval 3] [--seconds 60] [--threads 16]"""

import argparse
import socket
import subprocess
import threading
import time
import urllib.request


def slow_client(port, interval, stop, outcomes):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        outcomes.append("refused")
        return
    head = b"GET /api/health HTTP/1.1\r\nHost: slow\r\nX-Slow: " + b"z" * 10000
    s.settimeout(interval)
    for byte in head:
        if stop.is_set():
            outcomes.append("still open")
            return
        try:
            s.send(bytes([byte]))
            answer = s.recv(200)
            outcomes.append(answer.split(b"\r\n")[0].decode() if answer else "closed")
            return
        except socket.timeout:
            continue
        except OSError:
            outcomes.append("reset")
            return


def main():
    p = argparse.ArgumentParser()
    p.add_argument("newssearch")
    p.add_argument("db")
    p.add_argument("--slow", type=int, default=200)
    p.add_argument("--interval", type=float, default=3)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--threads", type=int, default=16)
    a = p.parse_args()
    serve = subprocess.Popen([a.newssearch, "--db", a.db, "serve", "--listen", "127.0.0.1:0",
                              "--threads", str(a.threads)], stdout=subprocess.PIPE, text=True)
    port = int(serve.stdout.readline().rsplit(":", 1)[1].split("/")[0])
    stop = threading.Event()
    outcomes = []
    slow = [threading.Thread(target=slow_client, args=(port, a.interval, stop, outcomes)) for _ in range(a.slow)]
    for t in slow:
        t.start()
    time.sleep(1)
    latencies, failures = [], 0
    end = time.time() + a.seconds
    while time.time() < end:
        start = time.time()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/search?q=referendum", timeout=5) as r:
                r.read()
            latencies.append(time.time() - start)
        except OSError:
            failures += 1
    stop.set()
    for t in slow:
        t.join()
    serve.terminate()
    serve.wait()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
    print(f"{a.slow} slow clients (a byte each {a.interval} s), {a.threads} threads, {a.seconds:.0f} s:")
    print(f"  ordinary client: {len(latencies)} answered, {failures} failed (5 s timeout); "
          f"p50 {pick(0.5):.1f} ms, p99 {pick(0.99):.1f} ms, max {pick(1.0):.1f} ms")
    counts = {}
    for o in outcomes:
        counts[o] = counts.get(o, 0) + 1
    print("  slow clients got: " + ", ".join(f"{n} x {o}" for o, n in sorted(counts.items())))


if __name__ == "__main__":
    main()
