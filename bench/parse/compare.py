#!/usr/bin/env python3
"""Runs every parser over the same corpus and prints one table with ratios.

All times are CPU seconds (user + system): the machine is shared, and wall
time would measure the neighbours. wirewatch is timed twice: as a whole
process (`wirewatch parse --summary FILES`: start-up and file reading
included), and in process (`parser-bench`: FeedParser.parse over files
already in memory, as the Python peers and the floor are timed), once more
reading every entry's `content` (its plain text is rendered only when read:
the daemon analyses the sanitised HTML; `parse --json` prints the text). Best of
--runs for the fast ones; best of --peer-runs for the Python peers (the same
rule for each of them).

The floor is libxml2 alone, fed two ways (see floor.c): one memory parse per
file, and pushed in 256 KiB chunks as wirewatch feeds it. The push parser is
the faster on CDATA bodies, but without wirewatch's repair pass it gives up
on some ill-formed files; so the table also compares the three on the files
that the push floor reads to the end (as many elements as the memory parse)."""
import argparse, glob, os, resource, subprocess, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--wirewatch"); ap.add_argument("--bench"); ap.add_argument("--floor"); ap.add_argument("--python"); ap.add_argument("--peers")
ap.add_argument("--corpus"); ap.add_argument("--runs", type=int, default=5); ap.add_argument("--peer-runs", type=int, default=3)
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


def floor(fs, *options):
    best, elements = None, 0
    for _ in range(a.runs):
        n, total, t, elements = subprocess.run([a.floor, *options, *fs], capture_output=True, text=True, check=True).stdout.split()
        best = float(t) if best is None else min(best, float(t))
    return best, int(elements)


def elements(f, *options):
    return int(subprocess.run([a.floor, *options, f], capture_output=True, text=True, check=True).stdout.split()[3])


def peer(name):
    best = None
    for _ in range(a.peer_runs):
        r = subprocess.run([a.python, a.peers, name, *files], capture_output=True, text=True)
        if r.returncode != 0:
            print(f"bench: {name} failed: {r.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
            return None
        _, _, _, entries, secs, failed = r.stdout.split()
        if best is None or float(secs) < best[0]:
            best = (float(secs), int(entries), int(failed))
    return best


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

whole = [f for f in xml if elements(f, "--push") == elements(f)]
print("\nagainst the floor (libxml2 SAX2, same options, callbacks that build nothing; XML files only;")
print("'memory': one xmlCtxtReadMemory a file; 'push': 256 KiB chunks, as wirewatch feeds libxml2; elements: seen by each):")
print(f"{'subset':34} {'MB':>5} {'memory MB/s':>12} {'push MB/s':>10} {'wirewatch MB/s':>15} {'vs memory':>10} {'vs push':>8}  elements memory/push")
subsets = [("all XML feeds", xml), ("UTF-8 XML feeds", utf8_xml), ("legacy-charset XML feeds", sorted(set(xml) - set(utf8_xml))),
           (f"UTF-8 XML push reads whole ({len(set(whole) & set(utf8_xml))})", sorted(set(whole) & set(utf8_xml)))]
for label, fs in subsets:
    (m, me), (p, pe) = floor(fs), floor(fs, "--push")
    w, _ = bench(fs)
    mb = size(fs) / 1e6
    print(f"{label:34} {mb:5.1f} {mb / m:12.1f} {mb / p:10.1f} {mb / w:15.1f} {w / m:9.2f}x {w / p:7.2f}x  {me}/{pe}")
