#!/usr/bin/env python3
"""`newssearch serve --remote-refresh` over a shard server: a service that
asks before every search finds an article added through the cluster at once;
one that may go an hour without asking keeps answering from the commit it
has; a bad value is a usage error.

usage: serve_remote_test.py NEWSINDEX NEWSSEARCH NEWSIDX_SHARDD SOURCE_DIR"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(port, process):
    for _ in range(300):
        if process.poll() is not None:
            raise RuntimeError("the shard server ended: " + process.stderr.read())
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"nothing listens on port {port}")


def serve(newssearch, db, refresh):
    process = subprocess.Popen(
        [newssearch, "--db", db, "serve", "--listen", "127.0.0.1:0", "--threads", "1", "--remote-refresh", refresh],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = process.stdout.readline()
    if "http://" not in first:
        raise RuntimeError("serve did not start: " + first + process.stderr.read())
    return process, first.split(" on ", 1)[1].split(" ", 1)[0].rstrip("/")


def found(base, words):
    with urllib.request.urlopen(base + "/api/search?q=" + urllib.parse.quote(words), timeout=30) as r:
        return [hit["id"] for hit in json.loads(r.read().decode())["results"]]


def main():
    newsindex, newssearch, shardd, source_dir = sys.argv[1:5]
    tmp = tempfile.mkdtemp(prefix="newsidx-serve-remote-")
    processes = []
    try:
        served, cluster = os.path.join(tmp, "served"), os.path.join(tmp, "cluster")
        run(newsindex, "--db", served, "add", os.path.join(source_dir, "data", "articles.jsonl"))  # one shard's worth
        port = free_port()
        server = subprocess.Popen([shardd, "--db", served, "--listen", f"127.0.0.1:{port}",
                                   "--writable"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        processes.append(server)
        wait_listening(port, server)
        run(newsindex, "--db", cluster, "init", "--remote", f"127.0.0.1:{port}")

        bad = subprocess.run([newssearch, "--db", cluster, "serve", "--remote-refresh", "-1"],
                             capture_output=True, text=True, timeout=30)
        check(bad.returncode == 2 and "--remote-refresh must be from 0 to 3600 seconds" in bad.stderr,
              f"a negative --remote-refresh: {bad.returncode} {bad.stderr.strip()[:80]}")

        every, every_base = serve(newssearch, cluster, "0")
        hourly, hourly_base = serve(newssearch, cluster, "3600")
        processes += [every, hourly]
        check(found(every_base, "зебры") == [] and found(hourly_base, "зебры") == [], "no zebras yet")

        new = os.path.join(tmp, "new.jsonl")
        with open(new, "w") as f:
            f.write(json.dumps({"id": "late-1", "lang": "ru", "title": "Опоздавшая новость о зебрах",
                                "body": "Зебры пришли в Астану.", "published": "2024-03-24T10:00:00Z"},
                               ensure_ascii=False) + "\n")
        run(newsindex, "--db", cluster, "add", new)
        check(found(every_base, "зебры") == ["late-1"], "asking before every search, the new article is found at once")
        check(found(hourly_base, "зебры") == [], "asking hourly, the service answers from the commit it has")
    finally:
        for p in processes:
            p.kill()
            p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
