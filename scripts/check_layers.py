#!/usr/bin/env python3
"""Lists the #include "folder/..." edges between the library's folders and
fails on any edge that the drawing in ARCHITECTURE.md ("Layers") does not
allow. Every folder may include the public API (include/newsidx/) and its
own headers.

usage: check_layers.py [SOURCE_DIR]"""

import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
EDGE = re.compile(r"^(\S+)\s+->\s*(.*)$")


def allowed_edges(architecture):
    """The folders of the drawing and the folders each may include."""
    text = open(architecture, encoding="utf-8").read()
    block = re.search(r"## Layers.*?```text\n(.*?)```", text, re.S)
    if not block:
        sys.exit(f"check_layers: no ```text block under \"## Layers\" in {architecture}")
    edges = {}
    for line in block.group(1).splitlines():
        m = EDGE.match(line.strip())
        if m:
            edges[m.group(1)] = set(w for w in m.group(2).split() if not w.startswith("("))
    return edges


def folder_of(path, folders):
    """The longest folder of the drawing that holds path, or None."""
    best = None
    for f in folders:
        if path.startswith(f + "/") and (best is None or len(f) > len(best)):
            best = f
    return best


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
    edges = allowed_edges(os.path.join(root, "ARCHITECTURE.md"))
    seen, bad = {}, []
    for folder in sorted(edges):
        for dirpath, _, files in os.walk(os.path.join(root, folder)):
            for name in sorted(files):
                if not name.endswith((".h", ".cc")):
                    continue
                path = os.path.relpath(os.path.join(dirpath, name), root)
                if folder_of(path, edges) != folder:
                    continue  # in a subfolder that is a node of its own
                for inc in INCLUDE.findall(open(os.path.join(root, path), encoding="utf-8").read()):
                    if inc.startswith("newsidx/"):
                        continue
                    target = folder_of(inc, edges)
                    if target == folder:
                        continue
                    seen.setdefault((folder, target or inc), []).append(path)
                    if target not in edges[folder]:
                        bad.append(f"{path}: includes \"{inc}\": {folder} -> {target or '(no layer)'} "
                                   "is not an edge of ARCHITECTURE.md's drawing")
    for (a, b), paths in sorted(seen.items()):
        print(f"{a} -> {b} ({len(paths)} includes)")
    for line in bad:
        print(line, file=sys.stderr)
    if bad:
        sys.exit(1)
    print(f"check_layers: {len(seen)} edges, all allowed")


if __name__ == "__main__":
    main()
