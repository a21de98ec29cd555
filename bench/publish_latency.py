#!/usr/bin/env python3
"""Pushes to a writable `newssearch serve` and times publish-to-searchable:
RATE single-article pushes per second for SECONDS, each followed by searches
for its own unique word until the search finds it; then a burst of BURST
articles pushed at once by 20 clients. Prints p50/p99 and the burst's
articles/s and time until all are searchable.

usage: publish_latency.py BASE_URL TOKEN [SECONDS] [RATE] [BURST]"""

import json
import statistics
import sys
import threading
import time
import urllib.parse
import urllib.request


def push(base, token, article):
    request = urllib.request.Request(base + "/api/articles", data=json.dumps(article).encode(),
                                     headers={"Authorization": "Bearer " + token}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as r:
        return r.status


def found(base, word):
    with urllib.request.urlopen(base + "/api/search?lang=en&q=" + urllib.parse.quote(word), timeout=30) as r:
        return json.loads(r.read())["total"] > 0


def article(n, word):
    return {"id": f"canary-{n}", "lang": "en", "title": f"Canary {word} report",
            "body": f"The canary word {word} marks this article.", "published": "2024-03-24T10:00:00Z"}


def word_of(n):
    letters = "bcdfghjklmnpqrstvwxz"
    w, k = "", n + 20 ** 4
    while k:
        w, k = letters[k % 20] + w, k // 20
    return "qz" + w


def percentile(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    base, token = sys.argv[1], sys.argv[2]
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 60
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 10
    burst = int(sys.argv[5]) if len(sys.argv) > 5 else 1000
    latencies, acked = [], []
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < seconds:
        due = start + n / rate
        time.sleep(max(0, due - time.monotonic()))
        word = word_of(n)
        t0 = time.monotonic()
        assert push(base, token, article(n, word)) == 201
        acked.append(time.monotonic() - t0)
        while not found(base, word):
            time.sleep(0.005)
        latencies.append(time.monotonic() - t0)
        n += 1
    print(f"pushes: {n} at {rate:g}/s; answered 201 p50 {percentile(acked, 50) * 1000:.0f} ms "
          f"p99 {percentile(acked, 99) * 1000:.0f} ms; publish-to-searchable p50 "
          f"{percentile(latencies, 50) * 1000:.0f} ms p99 {percentile(latencies, 99) * 1000:.0f} ms "
          f"max {max(latencies) * 1000:.0f} ms")

    first = 1000000
    t0 = time.monotonic()

    def client(k):
        for i in range(first + k, first + burst, 20):
            push(base, token, article(i, word_of(i)))

    threads = [threading.Thread(target=client, args=(k,)) for k in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    pushed = time.monotonic() - t0
    missing = [i for i in range(first, first + burst) if not found(base, word_of(i))]
    print(f"burst: {burst} articles pushed by 20 clients in {pushed:.2f} s ({burst / pushed:.0f} articles/s), "
          f"all searchable when the last was answered: {not missing} ({len(missing)} missing)")


if __name__ == "__main__":
    main()
