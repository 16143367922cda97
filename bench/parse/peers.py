#!/usr/bin/env python3
"""Times one Python feed parser over the corpus: files are read into memory
first, only parsing is timed (CPU seconds). Prints "name files bytes entries seconds".
Usage: peers.py feedparser|fastfeedparser|feedparser_rs FILE..."""
import sys, time

name, files = sys.argv[1], sys.argv[2:]
blobs = [open(f, "rb").read() for f in files]
if name == "feedparser":
    import feedparser
    parse = feedparser.parse
elif name == "fastfeedparser":
    import fastfeedparser
    parse = fastfeedparser.parse
elif name == "feedparser_rs":
    import feedparser_rs
    parse = feedparser_rs.parse
else:
    sys.exit(f"unknown parser {name}")

entries = 0
failed = 0
start = time.process_time()
for blob in blobs:
    try:
        entries += len(parse(blob).entries)
    except Exception:
        failed += 1
elapsed = time.process_time() - start
print(name, len(blobs), sum(map(len, blobs)), entries, f"{elapsed:.6f}", failed)
