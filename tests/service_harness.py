"""Starting `newssearch serve` over a fresh index of data/ for the process-level
tests (serve_test.py, browser_test.py). Standard library only."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import urllib.error
import urllib.request

SKIP = 77  # ctest's SKIP_RETURN_CODE


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


class Service:
    """A sample index with the sample access log counted, served on a free port."""

    def __init__(self, newsindex, newssearch, source_dir, extra_args=()):
        self.newsindex = newsindex
        self.newssearch = newssearch
        self.tmp = tempfile.mkdtemp(prefix="newsidx-serve-")
        self.db = os.path.join(self.tmp, "db")
        run(newsindex, "--db", self.db, "add", os.path.join(source_dir, "data", "articles.jsonl"))
        run(newsindex, "--db", self.db, "views", os.path.join(source_dir, "data", "access.log"))
        self.process = subprocess.Popen(
            [newssearch, "--db", self.db, "serve", "--listen", "127.0.0.1:0", "--threads", "8", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = self.process.stdout.readline()  # "newssearch: serving DB on http://127.0.0.1:PORT/ (...)"
        if "http://" not in first:
            raise RuntimeError("serve did not start: " + first + self.process.stderr.read())
        self.base = first.split(" on ", 1)[1].split(" ", 1)[0].rstrip("/")

    def get(self, path):
        """(status, decoded JSON body) of a GET."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, json.loads(r.read().decode())
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read().decode())

    def get_text(self, path):
        """(status, body text) of a GET."""
        try:
            with urllib.request.urlopen(self.base + path, timeout=30) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, e.read().decode()

    def stop(self, sig=signal.SIGTERM):
        """Signals the service; returns (exit status, what it wrote to stderr)."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            code = self.process.wait()
        return code, self.process.stderr.read()

    def close(self):
        self.stop()
        shutil.rmtree(self.tmp, ignore_errors=True)
