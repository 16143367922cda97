#!/usr/bin/env python3
"""Writes a deterministic corpus of varied feeds for the parser benchmark.

Every format wirewatch reads (RSS 0.91/0.92/0.94, RSS 1.0, RSS 2.0, Atom 0.3,
Atom 1.0, JSON Feed 1.0/1.1), CDATA and entity-escaped HTML, xhtml content,
long articles, and legacy encodings.  Usage: gen_corpus.py OUTDIR [FEEDS] [MB]
"""
import json, os, random, sys
from html import escape

OUT = sys.argv[1]
FEEDS = int(sys.argv[2]) if len(sys.argv) > 2 else 240
TARGET_MB = float(sys.argv[3]) if len(sys.argv) > 3 else 56
rnd = random.Random(20261129)

WORDS = {
    "en": ("the export controls chip tariff national security model distillation laboratory said "
           "minister report market company government official rival China United States OpenAI "
           "Microsoft DeepSeek investor semiconductor policy week analysts trade data privacy").split(),
    "fr": "le la les gouvernement sécurité économie élève société à été déjà très où garçon français".split(),
    "de": "die der das Regierung Sicherheit Wirtschaft Größe Straße über schön Bürger Öffentlichkeit".split(),
    "pl": "rząd bezpieczeństwo gospodarka żółć źródło łódź prawo świat miasto wieś".split(),
    "ru": "правительство безопасность экономика рынок министр отчёт компания санкции".split(),
    "uk": "уряд безпека економіка ринок міністр звіт компанія ґанок їжак".split(),
    "el": "κυβέρνηση ασφάλεια οικονομία αγορά υπουργός έκθεση εταιρεία".split(),
    "ja": "政府 安全保障 経済 市場 大臣 報告 企業 半導体 輸出規制 関税".split(),
    "zh": "政府 安全 经济 市场 部长 报告 公司 半导体 出口管制 关税".split(),
    "zh-tw": "政府 安全 經濟 市場 部長 報告 公司 半導體 出口管制 關稅".split(),
    "ko": "정부 안보 경제 시장 장관 보고서 기업 반도체 수출통제 관세".split(),
}
# (encoding, language)
ENCODINGS = [("utf-8", "en")] * 14 + [
    ("utf-8", "fr"), ("utf-8", "ja"), ("iso-8859-1", "fr"), ("windows-1252", "fr"),
    ("iso-8859-15", "de"), ("windows-1250", "pl"), ("iso-8859-2", "pl"), ("koi8-r", "ru"),
    ("koi8-u", "uk"), ("windows-1251", "ru"), ("iso-8859-7", "el"), ("shift_jis", "ja"),
    ("euc-jp", "ja"), ("iso-2022-jp", "ja"), ("gb2312", "zh"), ("gbk", "zh"), ("gb18030", "zh"),
    ("big5", "zh-tw"), ("euc-kr", "ko"), ("utf-16", "en"),
]
FORMATS = ["rss20"] * 6 + ["rss20-escaped", "rss20-escaped", "rss10", "rss091", "rss092", "rss094",
                            "atom10", "atom10", "atom10-xhtml", "atom03", "json10", "json11"]


def words(lang, n):
    w = WORDS[lang]
    sep = "" if lang in ("ja", "zh", "zh-tw") else " "
    return sep.join(rnd.choice(w) for _ in range(n))


def article_html(lang, paragraphs):
    parts = []
    for p in range(paragraphs):
        s = words(lang, rnd.randint(30, 90))
        kind = rnd.random()
        if kind < 0.15:
            s = f'{s} <a href="/story/{rnd.randint(1, 10**6)}?a=1&amp;b=2">{words(lang, 3)}</a>'
        elif kind < 0.25:
            s = f"<strong>{words(lang, 4)}</strong> {s} <em>{words(lang, 2)}</em>"
        elif kind < 0.3:
            s = f'{s}<img src="https://cdn.example.com/{p}.jpg" alt="{words(lang, 2)}" width="640">'
        if lang in ("en", "fr", "de") and rnd.random() < 0.5:
            s += " &ldquo;quoted&rdquo; &mdash; caf&eacute;&nbsp;&amp;&nbsp;co&rsquo;s"
        parts.append(f"<p>{s}</p>")
    if rnd.random() < 0.1:
        parts.append("<script>var tracking = {id: 1, ok: 1 < 2};</script><style>p{color:red}</style>")
    if rnd.random() < 0.2:
        parts.append("<ul>" + "".join(f"<li>{words(lang, 6)}</li>" for _ in range(5)) + "</ul>")
    return "\n".join(parts)


def rfc822(i):
    day = 1 + i % 28
    return f"{['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][i % 7]}, {day:02d} Jan 2025 {i % 24:02d}:{i % 60:02d}:00 {'GMT' if i % 3 else '+0100'}"


def iso(i):
    return f"2025-01-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00{'Z' if i % 2 else '+02:00'}"


def cdata(s):
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def feed(n, fmt, enc, lang, entries, paras):
    site = f"https://news{n}.example.com"
    title = f"{words(lang, 3)} desk {n}"
    items = []
    for i in range(entries):
        t = words(lang, rnd.randint(5, 12))
        if lang == "en" and i % 5 == 0:
            t += " &amp; Q&amp;A"
        body = article_html(lang, paras)
        summary = words(lang, 40)
        link = f"{site}/{2025}/{i}/{rnd.randint(1, 10**9)}"
        items.append((t, body, summary, link, i))
    decl = f'<?xml version="1.0" encoding="{enc}"?>\n'
    if fmt.startswith("rss2"):
        out = [decl, '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/"><channel>',
               f"<title>{title}</title><link>{site}/</link><description>{words(lang, 12)}</description>"
               f"<language>{lang}</language><lastBuildDate>{rfc822(n)}</lastBuildDate><ttl>15</ttl>"]
        for t, body, summary, link, i in items:
            content = escape(body, quote=False) if fmt == "rss20-escaped" else cdata(body)
            out.append(f"<item><title>{t}</title><link>{link}</link><guid isPermaLink=\"false\">{site}/id/{n}/{i}</guid>"
                       f"<description>{escape('<p>' + summary + '</p>', quote=False)}</description>"
                       f"<content:encoded>{content}</content:encoded><pubDate>{rfc822(i)}</pubDate>"
                       f"<dc:creator>{words(lang, 2)}</dc:creator><category>{words(lang, 1)}</category>"
                       f"<category>{words(lang, 1)}</category>"
                       f'<enclosure url="{site}/a/{i}.mp3" type="audio/mpeg" length="{1000 + i}"/></item>')
        out.append("</channel></rss>")
    elif fmt == "rss10":
        out = [decl, '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">',
               f'<channel rdf:about="{site}/"><title>{title}</title><link>{site}/</link><description>{words(lang, 10)}</description>'
               f"<dc:language>{lang}</dc:language><dc:date>{iso(n)}</dc:date></channel>"]
        for t, body, summary, link, i in items:
            out.append(f'<item rdf:about="{link}"><title>{t}</title><link>{link}</link><description>{escape(summary)}</description>'
                       f"<content:encoded>{cdata(body)}</content:encoded><dc:date>{iso(i)}</dc:date>"
                       f"<dc:creator>{words(lang, 2)}</dc:creator><dc:subject>{words(lang, 1)}</dc:subject></item>")
        out.append("</rdf:RDF>")
    elif fmt.startswith("rss09"):
        version = {"rss091": "0.91", "rss092": "0.92", "rss094": "0.94"}[fmt]
        out = [decl, f'<rss version="{version}"><channel><title>{title}</title><link>{site}/</link>'
               f"<description>{words(lang, 10)}</description><language>{lang}</language>"]
        for t, body, summary, link, i in items:
            out.append(f"<item><title>{t}</title><link>{link}</link><description>{escape(body, quote=False)}</description>"
                       + (f"<pubDate>{rfc822(i)}</pubDate>" if version != "0.91" else "") + "</item>")
        out.append("</channel></rss>")
    elif fmt.startswith("atom10"):
        out = [decl, f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{lang}" xml:base="{site}/">',
               f'<title type="text">{title}</title><subtitle>{words(lang, 8)}</subtitle>'
               f'<link rel="alternate" href="/"/><link rel="self" href="/feed.atom"/><id>{site}/</id><updated>{iso(n)}</updated>']
        for t, body, summary, link, i in items:
            if fmt == "atom10-xhtml":
                content = f'<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">{body.replace("&nbsp;", "&#160;")}</div></content>'
            else:
                content = f'<content type="html">{escape(body, quote=False)}</content>'
            out.append(f'<entry><title type="html">{escape(t, quote=False)}</title><link rel="alternate" type="text/html" href="{link}"/>'
                       f"<id>tag:news{n}.example.com,2025:{i}</id><published>{iso(i)}</published><updated>{iso(i + 1)}</updated>"
                       f"<author><name>{words(lang, 2)}</name><email>desk{n}@example.com</email></author>"
                       f'<category term="{words(lang, 1)}"/><summary type="text">{summary}</summary>{content}</entry>')
        out.append("</feed>")
    elif fmt == "atom03":
        out = [decl, f'<feed version="0.3" xmlns="http://purl.org/atom/ns#" xml:lang="{lang}">',
               f'<title>{title}</title><tagline>{words(lang, 8)}</tagline><link rel="alternate" type="text/html" href="{site}/"/>'
               f"<modified>{iso(n)}</modified>"]
        for t, body, summary, link, i in items:
            out.append(f'<entry><title>{t}</title><link rel="alternate" type="text/html" href="{link}"/><id>{link}</id>'
                       f"<issued>{iso(i)}</issued><modified>{iso(i)}</modified><author><name>{words(lang, 2)}</name></author>"
                       f'<content type="text/html" mode="escaped">{escape(body, quote=False)}</content></entry>')
        out.append("</feed>")
    else:
        version = "1" if fmt == "json10" else "1.1"
        doc = {"version": f"https://jsonfeed.org/version/{version}", "title": title, "home_page_url": site + "/",
               "feed_url": site + "/feed.json", "language": lang, "items": []}
        for t, body, summary, link, i in items:
            item = {"id": f"{site}/id/{i}", "url": link, "title": t.replace("&amp;", "&"), "content_html": body,
                    "summary": summary, "date_published": iso(i), "tags": [words(lang, 1)]}
            if version == "1":
                item["author"] = {"name": words(lang, 2)}
            else:
                item["authors"] = [{"name": words(lang, 2)}]
            doc["items"].append(item)
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")
    text = "".join(out)
    if enc == "utf-16":
        return text.encode("utf-16")  # with a BOM
    return text.encode(enc, errors="xmlcharrefreplace")


def main():
    os.makedirs(OUT, exist_ok=True)
    budget = TARGET_MB * 1024 * 1024
    per_feed = budget / FEEDS
    total = 0
    for n in range(FEEDS):
        fmt = FORMATS[n % len(FORMATS)]
        enc, lang = ENCODINGS[n % len(ENCODINGS)] if not fmt.startswith("json") else ("utf-8", "en")
        if fmt == "atom10-xhtml":
            enc, lang = "utf-8", "en"
        # Sizes vary from a few KB to over a MB; the mix averages to the budget.
        size = per_feed * rnd.choice([0.05, 0.2, 0.5, 1, 1, 1.5, 2.75])
        paras = rnd.randint(2, 12)
        entries = max(3, int(size / (paras * 550 + 900)))
        data = feed(n, fmt, enc, lang, entries, paras)
        ext = "json" if fmt.startswith("json") else "xml"
        name = f"{n:03d}-{fmt}-{enc}.{ext}"
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        total += len(data)
    print(f"{FEEDS} feeds, {total / 1e6:.1f} MB in {OUT}")


main()
