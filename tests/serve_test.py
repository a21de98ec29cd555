#!/usr/bin/env python3
"""`newssearch serve` as a process: it starts on loopback, follows what
`newsindex` commits while it runs, refuses bad options and a port in use,
and stops cleanly on SIGINT and SIGTERM.

usage: serve_test.py NEWSINDEX NEWSSEARCH SOURCE_DIR"""

import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from service_harness import Service  # noqa: E402


def check(condition, message):
    if not condition:
        raise AssertionError(message)
    print("ok:", message)


def main():
    newsindex, newssearch, source_dir = sys.argv[1:4]
    service = Service(newsindex, newssearch, source_dir)
    try:
        check(service.base.startswith("http://127.0.0.1:"), f"it listens on loopback: {service.base}")
        status, health = service.get("/api/health")
        check(status == 200 and health["articles"] == 49, f"health: {health}")

        # newsindex commits while the service runs: new articles and views show.
        new = os.path.join(service.tmp, "new.jsonl")
        with open(new, "w") as f:
            f.write(json.dumps({"id": "late-1", "lang": "ru", "title": "Опоздавшая новость о зебрах",
                                "body": "Зебры пришли в Астану.", "published": "2024-03-24T10:00:00Z",
                                "url": "https://news.example.kz/ru/late-1"}, ensure_ascii=False) + "\n")
        subprocess.run([newsindex, "--db", service.db, "add", new], check=True, capture_output=True)
        status, found = service.get("/api/search?q=" + urllib.parse.quote("зебры"))
        check(status == 200 and [r["id"] for r in found["results"]] == ["late-1"], "a new article is found at once")
        check(service.get("/api/health")[1]["articles"] == 50, "health counts it")

        log = os.path.join(service.tmp, "late.log")
        with open(log, "w") as f:
            for i in range(3):
                f.write(f'10.0.0.{i} - - [24/Mar/2024:12:00:00 +0000] "GET /ru/late-1 HTTP/1.1" 200 10 "-" '
                        f'"Mozilla/5.0 Firefox/121.0"\n')
        subprocess.run([newsindex, "--db", service.db, "views", log], check=True, capture_output=True)
        _, popular = service.get("/api/popular?window=24h&at=2024-03-25T00:00:00Z&lang=ru&top=100")
        late = [r["views"] for r in popular["results"] if r["id"] == "late-1"]
        check(late == [3], f"its views are counted at once: {late}")

        # A second service on the same port is refused, not sharing the port.
        port = service.base.rsplit(":", 1)[1]
        second = subprocess.run([newssearch, "--db", service.db, "serve", "--listen", "127.0.0.1:" + port],
                                capture_output=True, text=True, timeout=30)
        check(second.returncode == 1 and second.stderr.strip() ==
              f"newssearch: cannot listen on 127.0.0.1:{port} (in use, or not an address of this machine)",
              f"a port in use: {second.returncode} {second.stderr.strip()}")
        bad = subprocess.run([newssearch, "--db", service.db, "serve", "--listen", "localhost"],
                             capture_output=True, text=True, timeout=30)
        check(bad.returncode == 2 and "--listen must be HOST:PORT (port 0 to 65535), not \"localhost\"" in bad.stderr,
              f"a bad --listen: {bad.returncode} {bad.stderr.strip()}")

        code, stderr = service.stop(signal.SIGINT)
        check(code == 0 and stderr.strip() == "newssearch: stopped (SIGINT)", f"SIGINT stops it: {code} {stderr!r}")
    finally:
        service.close()

    again = Service(newsindex, newssearch, source_dir)
    try:
        code, stderr = again.stop(signal.SIGTERM)
        check(code == 0 and stderr.strip() == "newssearch: stopped (SIGTERM)", f"SIGTERM stops it: {code} {stderr!r}")
    finally:
        again.close()

    # With a grace period, SIGTERM first turns /readyz to 503 while the rest is served.
    graceful = Service(newsindex, newssearch, source_dir, ["--shutdown-grace", "2"])
    try:
        check(graceful.get_text("/readyz") == (200, "ready\n"), "ready while serving")
        graceful.process.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 1.5
        while graceful.get_text("/readyz")[0] == 200 and time.monotonic() < deadline:
            time.sleep(0.02)
        check(graceful.get_text("/readyz") == (503, "stopping\n"), "not ready once SIGTERM came")
        check(graceful.get("/api/health")[0] == 200 and graceful.process.poll() is None,
              "still answering during the grace period")
        code, stderr = graceful.stop(signal.SIGTERM)
        check(code == 0 and stderr.strip() == "newssearch: stopped (SIGTERM)", f"then it stops: {code} {stderr!r}")
    finally:
        graceful.close()

    # Pushed, answered 201, killed at once: the article is on disk.
    tokens = os.path.join(tempfile.mkdtemp(prefix="newsidx-tokens-"), "tokens")
    with open(tokens, "w") as f:
        f.write("push-token\n")
    os.chmod(tokens, 0o644)
    exposed = subprocess.run([newssearch, "--db", graceful.db, "serve", "--listen", "127.0.0.1:0", "--writable",
                              "--token-file", tokens], capture_output=True, text=True, timeout=30)
    check(exposed.returncode == 1 and exposed.stderr.strip() == f"newssearch: the token file {tokens} may be read "
          "by others (mode 0644); chmod 600 it", f"a token file others can read: {exposed.stderr.strip()}")
    os.chmod(tokens, 0o600)
    pushing = Service(newsindex, newssearch, source_dir, ["--writable", "--token-file", tokens])
    try:
        article = {"id": "pushed-1", "lang": "en", "title": "Pushed okapi sighting", "published": "2024-03-24T10:00:00Z"}
        request = urllib.request.Request(pushing.base + "/api/articles", data=json.dumps(article).encode(),
                                         headers={"Authorization": "Bearer push-token"}, method="POST")
        with urllib.request.urlopen(request, timeout=30) as r:
            status = r.status
        pushing.process.kill()
        pushing.process.wait()
        check(status == 201, f"a push is answered 201: {status}")
        found = subprocess.run([newssearch, "--db", pushing.db, "query", "--json", "okapi"], capture_output=True,
                               text=True, timeout=30)
        ids = [r["id"] for r in json.loads(found.stdout)["results"]]
        check(ids == ["pushed-1"], f"SIGKILL right after 201 keeps the article: {ids}")
    finally:
        pushing.close()

    missing = subprocess.run([newssearch, "--db", os.path.join(graceful.tmp, "none"), "serve", "--listen",
                              "127.0.0.1:0"], capture_output=True, text=True, timeout=30)
    check(missing.returncode != 0 and "none" in missing.stderr and missing.stdout == "",
          f"no index: {missing.returncode} {missing.stderr.strip()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
