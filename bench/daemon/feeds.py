#!/usr/bin/env python3
"""Generates what bench/daemon/run.sh serves and configures: N small feeds (RSS 2.0
and Atom, 10-20 entries each), wirewatch.yaml listing them, about 50 watch rules,
and an OPML file of the same feeds; `churn` rewrites a fraction of the feeds with
one new entry each, as a live feed gains a story between polls.

  feeds.py setup WORK N PORT     # www/{e,p}/NNNNN.xml, wirewatch.yaml, rules.d/, feeds.opml
  feeds.py churn WORK N FRACTION ROUND

Feeds under /e/ are served with an ETag and Last-Modified (one in three, as
many real feeds); those under /p/ with neither, so every poll fetches them whole.
"""
import os, random, sys
from xml.sax.saxutils import escape

SUBJECTS = ["China", "the European Union", "Washington", "Beijing", "Brussels", "Tokyo", "Seoul", "India", "Brazil",
            "Germany", "France", "the United Kingdom", "Canada", "Mexico", "Taiwan", "Australia"]
ORGS = ["OpenAI", "Microsoft", "DeepSeek", "Nvidia", "TSMC", "Samsung", "Google", "Meta", "Anthropic", "Huawei",
        "ASML", "Intel", "Apple", "Amazon", "Alibaba", "Tencent", "the Federal Reserve", "the IMF", "NATO", "the WHO"]
THEMES = [
    ("export controls", "tightened export controls on advanced chips bound for {s}"),
    ("tariffs", "announced new tariffs on steel and aluminium imports from {s}"),
    ("distillation", "accused rivals of knowledge distillation of its models, copying outputs at scale"),
    ("sanctions", "widened sanctions on banks that trade with {s}"),
    ("elections", "said turnout in the regional elections in {s} was the highest in decades"),
    ("cyber", "disclosed a ransomware attack that took down hospital systems in {s}"),
    ("privacy", "was fined under data protection rules for moving personal data out of {s}"),
    ("weather", "warned of heavy rain and flooding across the south of {s} this weekend"),
    ("markets", "shares fell as investors weighed interest rates and inflation data from {s}"),
    ("sport", "won the cup final in extra time in front of a record crowd in {s}"),
    ("health", "reported a rise in measles cases and urged parents in {s} to vaccinate"),
    ("energy", "signed a deal to build offshore wind farms off the coast of {s}"),
]
ALERTING = {"export controls", "tariffs", "distillation", "sanctions", "cyber"}


def entry(rng, feed, n):
    # Most entries are everyday news that few rules want; about one in twenty carries what they watch.
    pool = [t for t in THEMES if (t[0] in ALERTING) == (rng.random() < 0.05)]
    theme, text = rng.choice(pool)
    org, subject = rng.choice(ORGS), rng.choice(SUBJECTS)
    title = f"{org} {text.format(s=subject).split(',')[0]}"
    body = (f"<p>{org} {text.format(s=subject)}, officials said on Tuesday.</p>"
            f"<p>The move follows months of talks; analysts at {rng.choice(ORGS)} expect {rng.choice(SUBJECTS)} "
            f"to respond within weeks. Item {n} of feed {feed}.</p>")
    return title, body, f"https://news{feed % 97}.example/{feed}/{n}"


def feed_doc(feed, first, count):
    rng = random.Random(feed * 1_000_003 + first)
    items = []
    atom = feed % 2 == 1
    for n in range(first + count - 1, first - 1, -1):
        er = random.Random(feed * 7919 + n)
        title, body, link = entry(er, feed, n)
        day, minute = 1 + n % 28, n % 60
        if atom:
            items.append(f"<entry><title>{escape(title)}</title><link href=\"{link}\"/><id>{link}</id>"
                         f"<updated>2026-11-{day:02d}T08:{minute:02d}:00Z</updated>"
                         f"<content type=\"html\">{escape(body)}</content></entry>")
        else:
            items.append(f"<item><title>{escape(title)}</title><link>{link}</link><guid>{link}</guid>"
                         f"<pubDate>Mon, {day:02d} Nov 2026 08:{minute:02d}:00 GMT</pubDate>"
                         f"<description>{escape(body)}</description></item>")
    del rng
    if atom:
        return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
                f'<title>Desk {feed}</title><id>urn:desk:{feed}</id><updated>2026-11-30T00:00:00Z</updated>'
                f'{"".join(items)}</feed>\n')
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Desk {feed}</title>'
            f'<link>https://news{feed % 97}.example/</link>{"".join(items)}</channel></rss>\n')


def path(work, feed):
    return f"{work}/www/{'e' if feed % 3 == 0 else 'p'}/{feed:05d}.xml"


def entries(feed):
    return 10 + feed % 11


def write(work, feed, first):
    p = path(work, feed)
    tmp = p + ".tmp"
    with open(tmp, "w") as f:
        f.write(feed_doc(feed, first, entries(feed)))
    os.replace(tmp, p)


RULES = [
    ("deepseek-distillation", "entity:DeepSeek AND (distil* OR \"knowledge distillation\" OR \"copycat model*\")", "high"),
    ("export-controls-china", "\"export control*\" AND (China OR Chinese OR Beijing)", "medium"),
    ("openai-microsoft", "OpenAI AND Microsoft", "low"),
    ("antarctic-quantum", "\"quantum computing\" AND Antarctica", "info"),
    ("chip-export-controls", "\"export control*\" AND (chip* OR semiconductor*)", "medium"),
    ("steel-tariffs", "tariff* AND (steel OR aluminium)", "medium"),
    ("tariffs-eu", "tariff* AND (\"European Union\" OR Brussels)", "low"),
    ("bank-sanctions", "sanction* NEAR/5 bank*", "medium"),
    ("ransomware-hospitals", "ransomware AND hospital*", "high"),
    ("data-protection-fines", "fine* NEAR/3 \"data protection\" AND billion", "low"),
    ("distillation-any", "\"knowledge distillation\"", "medium"),
    ("nvidia-china", "Nvidia AND (China OR Beijing)", "medium"),
    ("tsmc-taiwan", "TSMC AND Taiwan", "low"),
    ("huawei-sanctions", "Huawei AND sanction*", "medium"),
    ("asml-export", "ASML AND export*", "medium"),
    ("fed-rates", "\"Federal Reserve\" AND \"interest rate*\" AND (hike* OR cut*)", "info"),
    ("imf-warning", "IMF AND downgrade*", "info"),
    ("nato-cyber", "NATO AND (cyber* OR ransomware)", "high"),
    ("who-measles", "WHO AND measles AND outbreak*", "low"),
    ("offshore-wind", "\"offshore wind\" AND cancel*", "info"),
    ("flooding-uk", "flood* AND \"United Kingdom\" AND evacuat*", "low"),
    ("election-turnout", "election* AND (fraud OR recount)", "info"),
    ("apple-privacy", "Apple AND privacy", "low"),
    ("google-fine", "Google AND fine* AND antitrust", "low"),
    ("meta-data", "Meta AND \"personal data\" AND breach*", "low"),
    ("amazon-tariffs", "Amazon AND tariff*", "low"),
    ("alibaba-export", "Alibaba AND export*", "low"),
    ("tencent-sanctions", "Tencent AND sanction*", "medium"),
    ("samsung-chips", "Samsung AND chip*", "low"),
    ("intel-chips-china", "Intel AND chip* AND China", "low"),
    ("anthropic-models", "Anthropic AND model*", "low"),
    ("openai-distillation", "OpenAI AND distil*", "high"),
    ("microsoft-ransomware", "Microsoft AND ransomware", "high"),
    ("india-tariffs", "India AND tariff*", "low"),
    ("brazil-elections", "Brazil AND election* AND runoff", "info"),
    ("mexico-steel", "Mexico AND steel", "low"),
    ("canada-aluminium", "Canada AND aluminium", "low"),
    ("korea-chips", "Seoul AND chip*", "low"),
    ("japan-export", "Tokyo AND \"export control*\"", "medium"),
    ("germany-energy", "Germany AND energy AND (shortage* OR rationing)", "info"),
    ("france-privacy", "France AND \"data protection\" AND CNIL", "low"),
    ("australia-cyber", "Australia AND (cyber* OR ransomware)", "medium"),
    ("taiwan-tensions", "Taiwan AND (Beijing OR China) AND export*", "medium"),
    ("chip-smuggling", "chip* NEAR/3 smuggl*", "high"),
    ("copycat-models", "\"copycat model*\"", "medium"),
    ("inflation-shares", "inflation AND shares AND crash*", "info"),
    ("vaccination-drive", "vaccinat* AND mandate*", "info"),
    ("cup-final", "\"cup final\" AND (riot* OR abandoned)", "info"),
    ("heavy-rain", "\"heavy rain\" AND \"red warning\"", "info"),
    ("sentence-export-china", "SENTENCE(\"export control*\", China)", "high"),
]


def setup(work, n, port):
    for d in ("e", "p"):
        os.makedirs(f"{work}/www/{d}", exist_ok=True)
    for feed in range(n):
        write(work, feed, 0)
    os.makedirs(f"{work}/rules.d", exist_ok=True)
    with open(f"{work}/rules.d/bench.yaml", "w") as f:
        f.write("entities:\n  - name: DeepSeek\n    type: ORG\n    aliases: [\"DeepSeek AI\"]\nrules:\n")
        for rid, query, severity in RULES:
            f.write(f"  - id: {rid}\n    query: '{query}'\n    severity: {severity}\n")
    urls = [f"http://127.0.0.1:{port}/{path(work, i).split('/www/')[1]}" for i in range(n)]
    with open(f"{work}/feeds.opml", "w") as f:
        f.write('<?xml version="1.0"?><opml version="2.0"><head><title>bench</title></head><body>\n'
                '<outline text="news">\n')
        for i, u in enumerate(urls):
            f.write(f'<outline type="rss" text="Desk {i}" title="Desk {i}" xmlUrl="{u}"/>\n')
        f.write("</outline></body></opml>\n")
    with open(f"{work}/feeds.yaml", "w") as f:
        for i, u in enumerate(urls):
            f.write(f"  - id: desk-{i}\n    url: {u}\n")


def churn(work, n, fraction, round_):
    rng = random.Random(round_)
    for feed in rng.sample(range(n), int(n * fraction)):
        write(work, feed, round_)  # entries round_ .. : one (or more) new at the top, the oldest gone


if __name__ == "__main__":
    cmd, work, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if cmd == "setup":
        setup(work, n, int(sys.argv[4]))
    else:
        churn(work, n, float(sys.argv[4]), int(sys.argv[5]))
