#!/usr/bin/env bash
# The pure part of a poll answered 200 when nothing is new (most feeds send no validators, so
# that is every poll of them): parse + EntryRevisions over a real-shaped feed whose entries the
# store has all seen. Two paths on the same documents in the same run, interleaved:
#   cleaned  every seen entry cleaned (HTML -> text, libxml2) and hashed: the path before raw
#            hashes, and the one a row without a raw hash still takes once
#   raw      the entry's raw title+body hashed; unchanged, it is not cleaned
# Documents: the demo feeds (Config/demo/feeds, RSS 2.0 with content:encoded and Atom with
# escaped HTML content), their entries repeated under new ids to 20, 50 and 200 entries.
#   bench/poll/run.sh            # CPU_SECONDS=4 per document and path
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
out=$root/bench/out/poll
mkdir -p "$out"
SECONDS_PER_CELL=${CPU_SECONDS:-4}

scripts/install-deps.sh

python3 - "$out" Config/demo/feeds/world-desk.rss Config/demo/feeds/tech-desk.atom <<'PY'
import os, re, sys
out, rss, atom = sys.argv[1], sys.argv[2], sys.argv[3]
def grow(path, tag, ident, sizes, ext):
    text = open(path, encoding="utf-8").read()
    blocks = re.findall(r"<%s>.*?</%s>" % (tag, tag), text, re.S)
    head, tail = text[:text.index(blocks[0])], text[text.rindex(blocks[-1]) + len(blocks[-1]):]
    for n in sizes:
        entries = []
        for i in range(n):
            # A new id (and link: one demo item has no guid) per copy, so each is its own entry; the text stays the demo's.
            entry = blocks[i % len(blocks)]
            for field in ident:
                entry = re.sub(r"(<%s[^>]*>)(.*?)(</%s>)" % (field, field),
                               lambda m: "%s%s-%d%s" % (m.group(1), m.group(2), i, m.group(3)), entry, count=1)
            entries.append(entry)
        name = os.path.join(out, "%s-%03d.%s" % (os.path.basename(path).split(".")[0], n, ext))
        open(name, "w", encoding="utf-8").write(head + "\n    ".join(entries) + tail)
grow(rss, "item", ("guid", "link"), (20, 50, 200), "rss")
grow(atom, "entry", ("id",), (20, 50, 200), "atom")
PY

echo "building PollBench (release)…" >&2
swift build -c release --product PollBench 2>&1 | tail -1 >&2
bench=$(swift build -c release --show-bin-path)/PollBench

files=()
for size in 020 050 200; do files+=("$out/world-desk-$size.rss" "$out/tech-desk-$size.atom"); done
"$bench" "$SECONDS_PER_CELL" "${files[@]}" > "$out/results.txt"

python3 - "$out/results.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f, mode, entries, polls, parse, revisions, cleanings = line.split()
    rows.setdefault(f, {})[mode] = (int(entries), int(polls), float(parse), float(revisions), float(cleanings))
print("CPU time per poll of an unchanged 200 answer, every entry seen (µs; entries/s = entries polled per CPU second)")
print("%-22s %7s | %-28s | %-28s | %s" % ("document", "entries", "cleaned: parse+revs=poll", "raw: parse+revs=poll", "revs ratio  poll ratio  entries/s cleaned -> raw"))
for f, m in rows.items():
    e, pc, parse_c, rev_c, clean_c = m["cleaned"]
    _, pr, parse_r, rev_r, clean_r = m["raw"]
    pc_us, rc_us = parse_c / pc * 1e6, rev_c / pc * 1e6
    pr_us, rr_us = parse_r / pr * 1e6, rev_r / pr * 1e6
    poll_c, poll_r = pc_us + rc_us, pr_us + rr_us
    print("%-22s %7d | %7.0f+%7.0f=%8.0f | %7.0f+%7.0f=%8.0f | %9.1fx %10.2fx  %8.0f -> %8.0f  (cleanings/poll %g -> %g)" % (
        f, e, pc_us, rc_us, poll_c, pr_us, rr_us, poll_r, rc_us / rr_us, poll_c / poll_r, e / poll_c * 1e6, e / poll_r * 1e6, clean_c, clean_r))
PY
