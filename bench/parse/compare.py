#!/usr/bin/env python3
"""Runs every parser over the same corpus and prints one table with ratios.

All times are CPU seconds (user + system): the machine is shared, and wall
time would measure the neighbours. wirewatch is timed twice: as a whole
process (`wirewatch parse --summary FILES`: start-up and file reading
included), and in process (`parser-bench`: FeedParser.parse over files
already in memory, as the Python peers and the floor are timed), once more
reading every entry's `content` (its plain text is rendered only when read:
the daemon analyses the sanitised HTML; `parse --json` prints the text). Best of
--runs for the fast ones; one run for the Python peers."""
import argparse, glob, os, resource, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--wirewatch"); ap.add_argument("--bench"); ap.add_argument("--floor"); ap.add_argument("--python"); ap.add_argument("--peers")
ap.add_argument("--corpus"); ap.add_argument("--runs", type=int, default=5)
a = ap.parse_args()

files = sorted(glob.glob(os.path.join(a.corpus, "*")))
xml = [f for f in files if f.endswith(".xml")]
utf8_xml = [f for f in xml if "-utf-8." in f]
size = lambda fs: sum(os.path.getsize(f) for f in fs)


def wirewatch(fs):
    best, entries = None, 0
    for _ in range(a.runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        r = subprocess.run([a.wirewatch, "parse", "--summary", *fs], capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        if r.returncode != 0:
            sys.exit(f"wirewatch failed: {r.stderr[-2000:]}")
        entries = sum(int(line.split("\t")[2].split()[0]) for line in r.stdout.splitlines())
        best = t if best is None else min(best, t)
    return best, entries


def bench(fs, *options):
    best, entries = None, 0
    for _ in range(a.runs):
        n, total, entries, t = subprocess.run([a.bench, *options, *fs], capture_output=True, text=True, check=True).stdout.split()
        best = float(t) if best is None else min(best, float(t))
    return best, int(entries)


def floor(fs):
    best = None
    for _ in range(a.runs):
        n, total, t = subprocess.run([a.floor, *fs], capture_output=True, text=True, check=True).stdout.split()
        best = float(t) if best is None else min(best, float(t))
    return best


def peer(name):
    r = subprocess.run([a.python, a.peers, name, *files], capture_output=True, text=True)
    if r.returncode != 0:
        print(f"bench: {name} failed: {r.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    _, _, _, entries, secs, failed = r.stdout.split()
    return float(secs), int(entries), int(failed)


rows = []
t, n = bench(files)
rows.append(("wirewatch (in process)", t, n, size(files), "FeedParser.parse, files in memory"))
t, n = bench(files, "--read-content")
rows.append(("  + every body's text read", t, n, size(files), "content's plain text is rendered when read"))
t, n = wirewatch(files)
rows.append(("wirewatch parse --summary", t, n, size(files), "whole process: start-up, reading files"))
for name in ["feedparser_rs", "fastfeedparser", "feedparser"]:
    res = peer(name)
    if res:
        rows.append((name.replace("_", "-"), res[0], res[1], size(files), f"{res[2]} feeds raised" if res[2] else ""))

fp = next((r for r in rows if r[0] == "feedparser"), None)
print(f"\ncorpus: {len(files)} feeds, {size(files) / 1e6:.1f} MB ({len(xml)} XML, {len(files) - len(xml)} JSON Feed)\n")
print(f"{'parser':28} {'CPU s':>8} {'MB/s':>8} {'entries':>8} {'entries/s':>10} {'vs feedparser':>14}  note")
for name, secs, entries, b, note in rows:
    ratio = f"{fp[1] / secs:.1f}x" if fp else "-"
    print(f"{name:28} {secs:8.3f} {b / 1e6 / secs:8.1f} {entries:8d} {entries / secs:10.0f} {ratio:>14}  {note}")

print("\nagainst the floor (libxml2 SAX2, same options, callbacks that build nothing; XML files only):")
print(f"{'subset':28} {'MB':>6} {'floor MB/s':>11} {'wirewatch MB/s':>15} {'wirewatch/floor time':>21}")
for label, fs in [("all XML feeds", xml), ("UTF-8 XML feeds", utf8_xml), ("legacy-charset XML feeds", sorted(set(xml) - set(utf8_xml)))]:
    f = floor(fs)
    w, _ = bench(fs)
    print(f"{label:28} {size(fs) / 1e6:6.1f} {size(fs) / 1e6 / f:11.1f} {size(fs) / 1e6 / w:15.1f} {w / f:20.2f}x")
