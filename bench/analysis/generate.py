#!/usr/bin/env python3
"""Writes N news-length articles as JSON lines {"id", "title", "text"}, reproducibly
(a fixed seed): paragraphs of sentences built from templates, with people,
organisations, places and topic words drawn from fixed lists, so that every
system analyses the same realistic-looking English news prose."""
import json
import random
import sys

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
OUT = sys.argv[2] if len(sys.argv) > 2 else "-"
rng = random.Random(20261129)

PEOPLE = ["Donald Trump", "Keir Starmer", "Emmanuel Macron", "Friedrich Merz", "Xi Jinping", "Vladimir Putin", "Ursula von der Leyen",
          "Sam Altman", "Jensen Huang", "Satya Nadella", "Christine Lagarde", "Jerome Powell", "Giorgia Meloni", "Narendra Modi",
          "Maria Fernandes", "Thomas Berger", "Aisha Rahman", "Daniel Okafor", "Laura Chen", "Peter Novak", "Sofia Rossi",
          "James Whitaker", "Elena Petrova", "Michael O'Brien", "Hannah Schmidt", "Carlos Mendes", "Yuki Tanaka", "Omar Haddad"]
TITLES = ["President", "Prime Minister", "Chancellor", "chief executive", "Finance Minister", "Senator", "Professor", "spokesman",
          "analyst", "economist", "Mr", "Ms", "Dr"]
ORGS = ["Microsoft", "OpenAI", "Google", "Nvidia", "Apple", "Amazon", "Meta", "Tesla", "Volkswagen", "Siemens", "Shell", "BP",
        "the European Commission", "the Federal Reserve", "the Bank of England", "the World Health Organization", "the United Nations",
        "Nato", "the IMF", "the World Bank", "Reuters", "the BBC", "Bloomberg", "Goldman Sachs", "JPMorgan", "Samsung", "TSMC",
        "Huawei", "Alibaba", "DeepSeek", "Anthropic", "Airbus", "Boeing", "Pfizer", "Novartis", "Toyota", "Sony",
        "Harbor Logistics Inc", "Northfield Capital Partners", "the University of Leeds", "the Ministry of Defence"]
PLACES = ["China", "the United States", "Germany", "France", "Britain", "Japan", "India", "Brazil", "Russia", "Ukraine", "Israel",
          "Iran", "Canada", "Mexico", "Australia", "South Korea", "Taiwan", "Italy", "Spain", "Poland", "Turkey", "Egypt",
          "London", "Paris", "Berlin", "Tokyo", "Beijing", "Washington", "New York", "Brussels", "Geneva", "Mumbai", "Sydney",
          "Toronto", "Seoul", "Singapore", "Dubai", "Frankfurt", "Milan", "Madrid", "Warsaw", "Istanbul", "Cairo"]
DAYS = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "at the weekend", "last week", "earlier this month",
        "in a statement", "in an interview", "late on Sunday"]
THINGS = ["export controls", "tariffs", "sanctions", "interest rates", "inflation", "the budget", "artificial intelligence",
          "chip exports", "defence spending", "climate targets", "energy prices", "the trade deal", "data protection rules",
          "the election", "the ceasefire", "migration", "the takeover", "quarterly earnings", "the strike", "vaccine supplies",
          "cyber attacks", "the copyright case", "the merger", "the new model", "the spending review", "oil production"]
VERBS = ["said", "warned", "told reporters", "argued", "announced", "insisted", "suggested", "confirmed", "added"]
ADJ = ["sharp", "modest", "unexpected", "long-awaited", "controversial", "significant", "temporary", "sweeping", "limited"]
NOUNS = ["increase", "cut", "review", "plan", "decision", "agreement", "investigation", "proposal", "rise", "fall", "delay"]
NUM = lambda: rng.choice(["2%", "15%", "$4bn", "€2.5bn", "£300m", "1.2 million", "40,000", "half", "a third", "25 basis points"])

TEMPLATES = [
    lambda: f"{rng.choice(TITLES)} {rng.choice(PEOPLE)} {rng.choice(VERBS)} {rng.choice(DAYS)} that {rng.choice(THINGS)} would face a {rng.choice(ADJ)} {rng.choice(NOUNS)}.",
    lambda: f"{rng.choice(ORGS).capitalize() if rng.random() < 0.1 else rng.choice(ORGS)} {rng.choice(VERBS)} it expected a {rng.choice(ADJ)} {rng.choice(NOUNS)} in {rng.choice(THINGS)} of about {NUM()}.",
    lambda: f"The {rng.choice(NOUNS)} comes as {rng.choice(PLACES)} and {rng.choice(PLACES)} try to settle a dispute over {rng.choice(THINGS)}.",
    lambda: f"\"We are not going to accept {rng.choice(THINGS)} on these terms,\" {rng.choice(PEOPLE)} {rng.choice(VERBS)}, adding that talks with {rng.choice(ORGS)} would continue.",
    lambda: f"Officials in {rng.choice(PLACES)} {rng.choice(VERBS)} the {rng.choice(ADJ)} {rng.choice(NOUNS)} could affect {NUM()} of jobs in the sector.",
    lambda: f"According to {rng.choice(ORGS)}, {rng.choice(THINGS)} rose by {NUM()} over the past year, the fastest pace since 2008.",
    lambda: f"Shares in {rng.choice(ORGS)} fell {NUM()} in early trading in {rng.choice(PLACES)} after the news.",
    lambda: f"{rng.choice(PEOPLE)}, who met {rng.choice(PEOPLE)} in {rng.choice(PLACES)} {rng.choice(DAYS)}, {rng.choice(VERBS)} the two sides were close to a deal.",
    lambda: f"Critics say the {rng.choice(NOUNS)} on {rng.choice(THINGS)} does little to address concerns raised by {rng.choice(ORGS)} and by lawmakers in {rng.choice(PLACES)}.",
    lambda: f"Analysts at {rng.choice(ORGS)} expect a {rng.choice(ADJ)} {rng.choice(NOUNS)} before the end of the year, though much depends on {rng.choice(THINGS)}.",
    lambda: f"It is the {rng.choice(['first', 'second', 'third', 'latest'])} time this year that {rng.choice(PLACES)} has moved on {rng.choice(THINGS)}.",
    lambda: f"The U.S. Commerce Department said the rules, which take effect in {rng.choice(['March', 'June', 'October'])}, target companies that supply {rng.choice(PLACES)}.",
    lambda: f"{rng.choice(PEOPLE).split()[-1]} later said on social media that {rng.choice(THINGS)} remained \"a priority for everyone\".",
    lambda: f"Investors have been watching {rng.choice(THINGS)} closely since {rng.choice(ORGS)} warned of a {rng.choice(ADJ)} {rng.choice(NOUNS)} in {rng.choice(['January', 'April', 'July', 'September'])}.",
]


def article(i):
    paragraphs = []
    words = 0
    target = rng.randint(450, 800)
    while words < target:
        p = " ".join(rng.choice(TEMPLATES)() for _ in range(rng.randint(2, 5)))
        paragraphs.append(p)
        words += len(p.split())
    title = f"{rng.choice(PEOPLE)} {rng.choice(['warns over', 'defends', 'rejects', 'backs', 'signals'])} {rng.choice(THINGS)}"
    return {"id": f"a{i:05d}", "title": title, "text": "\n\n".join(paragraphs)}


out = sys.stdout if OUT == "-" else open(OUT, "w", encoding="utf-8")
for i in range(N):
    out.write(json.dumps(article(i), ensure_ascii=False) + "\n")
