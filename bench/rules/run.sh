#!/usr/bin/env bash
# Rule-matching throughput with 10 … 100,000 generated rules, beside a
# pyahocorasick scan of the same articles for the union of the rules' terms.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$(pwd)
work="$root/bench/rules/.work"
mkdir -p "$work"

# The word list the dictionary and articles are drawn from.
if ! dpkg -s wamerican >/dev/null 2>&1; then apt-get install -y wamerican >/dev/null; fi
# The peer, in the shared bench venv.
if [ ! -x bench/.venv/bin/python ]; then python3 -m venv bench/.venv; fi
if ! bench/.venv/bin/python -c 'import ahocorasick' 2>/dev/null; then bench/.venv/bin/pip install -q pyahocorasick; fi

swift build -c release --product RulesBench >&2
# Ours and the peer are measured one after the other for each rule count (RulesBench runs aho.py).
PEER_PYTHON="$root/bench/.venv/bin/python" .build/release/RulesBench "$root" /usr/share/dict/american-english "$work" > "$work/ours.json"
bench/.venv/bin/python bench/rules/aho.py table "$work/ours.json"
