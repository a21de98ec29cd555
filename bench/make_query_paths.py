#!/usr/bin/env python3
"""Writes the load test's fixed query set: N /api/search paths, each up to
three consecutive words of a random title of the corpus (seeded, so every
run asks the same questions).

usage: make_query_paths.py CORPUS.jsonl[.gz] N OUT"""

import gzip
import json
import random
import re
import sys
import urllib.parse


def main():
    corpus, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    opener = gzip.open if corpus.endswith(".gz") else open
    with opener(corpus, "rt", encoding="utf-8") as f:
        titles = [json.loads(line)["title"] for line in f if line.strip()]
    rng = random.Random(42)
    with open(out, "w", encoding="utf-8") as f:
        written = 0
        while written < n:
            words = [w for w in re.split(r"[\s,.:\"()?!*\-]+", rng.choice(titles)) if w]
            if not words:
                continue
            length = min(3, len(words))
            start = rng.randrange(len(words) - length + 1)
            f.write("/api/search?q=" + urllib.parse.quote(" ".join(words[start:start + length])) + "\n")
            written += 1


if __name__ == "__main__":
    main()
