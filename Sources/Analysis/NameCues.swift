/// The words around and inside a name that say what kind of name it is.
/// All entries are folded (lower case, no diacritics).
enum NameCues {
    /// Titles kept in a mention: "Mr Sacks" is a mention of David Sacks.
    static let honorifics: Set<String> = [
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "lord", "lady", "herr", "frau", "m", "mme",
        "mlle", "sr", "sra", "srta", "sig", "dott",
    ]

    /// Roles before a name, written capitalised ("President Trump") or not
    /// ("press secretary Karoline Leavitt"); not part of the mention.
    static let roles: Set<String> = [
        "president", "vice", "prime", "minister", "secretary", "senator", "sen", "rep", "representative", "congressman",
        "congresswoman", "governor", "gov", "mayor", "chancellor", "king", "queen", "prince", "princess", "pope",
        "general", "gen", "admiral", "adm", "colonel", "col", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt",
        "judge", "justice", "chief", "executive", "officer", "chairman", "chairwoman", "chair", "director", "professor",
        "commissioner", "ambassador", "speaker", "leader", "spokesman", "spokeswoman", "spokesperson", "ceo", "cfo",
        "cto", "coo", "founder", "cofounder", "partner", "deputy", "assistant", "associate", "senior", "head", "editor",
        "correspondent", "reporter", "analyst", "economist", "coach", "manager", "striker", "midfielder", "goalkeeper",
        "defender", "sheikh", "emir", "crown", "archbishop", "bishop", "cardinal", "rabbi", "imam", "researcher",
        "scientist", "lawyer", "attorney", "author", "actor", "actress", "singer", "star", "rapper", "player",
        "praesident", "prasident", "kanzler", "kanzlerin", "bundeskanzler", "ministerin", "ministre", "presidente",
        "premier", "ministro", "primo", "presidenta", "chef", "chefin", "directeur", "directrice", "sprecher",
        "sprecherin", "porte", "portavoz", "portavoce", "voorzitter", "woordvoerder", "nominee", "candidate",
        "investor", "entrepreneur", "billionaire", "activist", "official", "diplomat", "envoy", "negotiator",
        "strategist", "adviser", "advisor", "czar", "tsar", "economist", "historian", "boss", "owner", "presenter",
        "host", "commander", "whistleblower", "pdg", "dg", "bahnchefin", "bahnchef", "topman", "governor", "governador",
        // Not titles that are also names, as a role splits the name it is in: Shah, Sultan, Mufti, Pastor,
        // Duke, Earl, Baron, Marshal, Constable ("Amit Shah", "Duke Energy", "Sacha Baron Cohen").
        "ayatollah", "mullah", "reverend", "rev", "emperor", "empress", "duchess", "baroness", "sheriff", "detective",
        "inspector", "patriarch",
    ]

    /// Last words that make a name an organisation.
    static let orgSuffixes: Set<String> = [
        "inc", "corp", "corporation", "ltd", "llc", "plc", "ag", "sa", "gmbh", "nv", "bv", "se", "spa", "co", "company",
        "group", "holdings", "university", "universitat", "universite", "universidad", "universita", "college",
        "school", "institute", "institut", "agency", "council", "commission", "committee", "ministry", "department",
        "bank", "fund", "foundation", "association", "union", "party", "authority", "court", "parliament",
        "assembly", "office", "bureau", "service", "services", "airlines", "airways", "motors", "technologies",
        "technology", "systems", "labs", "laboratories", "capital", "partners", "ventures", "media", "news",
        "times", "post", "journal", "club", "fc", "army", "navy", "police", "forces", "force", "forum", "network",
        "organisation", "organization", "federation", "board", "administration", "centre", "center", "museum",
        "hospital", "church", "industries", "pharmaceuticals", "pharma", "energy", "telecom", "communications",
        "securities", "insurance", "trust", "reserve", "exchange", "alliance", "coalition", "movement", "brigade",
        "brigades", "guard", "guards", "tribunal", "senate", "congress", "cabinet", "government", "regierung",
        "partei", "ministerium", "behorde", "gouvernement", "ministere", "gobierno", "ministerio", "governo",
        "ministero", "partij", "ministerie", "research", "studios", "records", "entertainment", "electronics",
        "robotics", "semiconductor", "semiconductors", "mobile", "solutions", "software", "dynamics",
        "aerospace", "automotive", "logistics", "shipping", "railways", "rail", "airport", "press", "magazine",
        "gazette", "herald", "tribune", "daily", "radio", "television", "tv", "channel", "society", "academy",
        "initiative", "project", "lab", "collective", "ensemble", "orchestra", "team", "united", "city", "house",
    ]

    /// A party's members as the last word of a name: "Sweden Democrats", "Liberal Democrats" are a party of
    /// their own, not the US Democratic Party that "Democrats" alone names.
    static let partyPlurals: Set<String> = ["democrats", "republicans", "socialists", "liberals", "conservatives", "greens"]
    /// Before a party plural, the party's members in a legislature: "House Democrats", "Senate Republicans".
    static let chambers: Set<String> = ["house", "senate", "congressional", "parliamentary", "assembly"]

    /// Armed forces written after a place in lower case: "US navy" is an organisation.
    static let forces: Set<String> = ["navy", "army", "marines", "coastguard"]

    /// Last words that make a name an event, a law, a work or a thing (MISC).
    static let miscSuffixes: Set<String> = [
        "act", "award", "awards", "prize", "telescope", "cup", "games", "festival", "treaty", "accord", "agreement",
        "summit", "conference", "typhoon", "hurricane", "storm", "prix", "championship", "championships", "olympics",
        "trophy", "tournament", "open", "marathon", "expo", "biennale", "doctrine", "plan", "protocol", "convention",
        "declaration", "index", "virus", "syndrome", "disease", "war", "revolution", "crisis", "day", "week", "era",
    ]

    /// Words that may only join the words of an organisation's name ("Office for National Statistics").
    static let weakConnectors: Set<String> = ["and", "for", "the", "on"]

    /// First words that make "X of Y" an organisation ("University of St. Gallen").
    static let orgHeads: Set<String> = [
        "centre", "center", "national", "federal", "royal", "international",
        "university", "ministry", "department", "bank", "office", "council", "court", "institute", "commission",
        "museum", "church", "bureau", "board", "house", "federation", "association", "academy", "college",
        "school", "society", "agency", "committee", "union", "league", "party", "order",
    ]

    /// Last words that make a name a place.
    static let locSuffixes: Set<String> = [
        "county", "province", "region", "island", "islands", "river", "mountains", "mountain", "valley",
        "street", "square", "bay", "lake", "sea", "ocean", "coast", "peninsula", "district", "oblast", "state",
        "strait", "desert", "gulf", "canal", "heights", "hills", "park", "bridge", "road", "avenue", "beach",
        "village", "town", "port", "hall", "palace", "cathedral", "stadium", "arena", "harbour", "harbor", "delta", "basin", "plateau", "territory", "prefecture",
    ]

    static let rolesTable = WordSet(roles)

    /// Roles held at an employer: "an analyst at X", "a Tapfield analyst", "Uniqlo owner" say where someone works;
    /// "the prime minister at Camp David", "a Hollywood star", "a Republican senator" do not.
    static let workplaceRolesTable = WordSet([
        "analyst", "economist", "strategist", "researcher", "professor", "scientist", "engineer", "partner", "director",
        "editor", "reporter", "correspondent", "manager", "executive", "official", "spokesman", "spokeswoman",
        "spokesperson", "lawyer", "adviser", "owner", "founder", "ceo", "boss",
    ])

    /// Verbs of speech after a name: "X said" makes X a person (or an organisation).
    static let speechTable = WordSet([
        "said", "says", "told", "added", "wrote", "argued", "explained", "warned", "insisted", "stated", "noted",
        "tweeted", "posted", "recalled", "claimed", "suggested", "announced", "confirmed", "denied", "sagte",
        "erklarte", "dit", "dijo", "afirmo", "disse", "zei",
    ])

    /// What a company has: "X's shares", "a stake in X" make X an organisation.
    static let companyNouns: Set<String> = [
        "shares", "share", "stock", "stake", "profit", "profits", "revenue", "revenues", "sales", "chief", "ceo", "board",
        "founder", "shareholders", "investors", "app", "platform", "software", "products", "customers", "subscribers",
        "valuation", "earnings", "executives", "chatbot",
    ]

    /// What a company has, with its sites: "outside Nexperia's plant" places the plant, not Nexperia.
    static let companyPossessions = companyNouns.union([
        "plant", "plants", "factory", "factories", "headquarters", "office", "offices", "site", "sites", "store", "stores",
        "warehouse", "warehouses", "mine", "mines", "refinery", "campus",
    ])

    /// "shares in X", "a stake in X": X is a company (not "a plant in X").
    static let stakeNouns: Set<String> = ["shares", "share", "stake", "stock", "holding", "holdings"]

    /// "Investors in Cloudflare said": who holds a company, before "in" (not the place they are in,
    /// "investors in Seville snapped up flats", unless they speak).
    static let holders: Set<String> = ["investors", "shareholders", "backers", "stakeholders"]

    /// Lowercase nouns for a company or a body written before its name: "packaging company Amkor",
    /// "equipment makers Applied Materials", "the EU statistics agency Eurostat".
    static let organisationNounsTable = WordSet([
        "company", "companies", "firm", "startup", "group", "maker", "makers", "chipmaker", "chipmakers", "carmaker",
        "automaker", "lender", "insurer", "retailer", "conglomerate", "manufacturer", "supplier", "suppliers",
        "broker", "brokerage", "airline", "carrier", "agency", "regulator", "watchdog", "subsidiary",
        "outlet", "newspaper", "broadcaster", "publisher", "label", "studio", "club", "charity",
    ])

    /// Lowercase nouns after an acronym that make it a model or a technology, not an organisation:
    /// "GPT models", "XLM models". So do the goods of `technologyGoodsTable` ("EUV machines", "HBM chips");
    /// a company's ("YMTC chips") are read as the company because the gazetteer knows it.
    static let productNounsTable = WordSet([
        "model", "models", "chatbot", "chatbots", "architecture", "standard", "protocol", "format", "lithography",
        "technology", "series",
    ])

    /// Goods: "a drone called X" is a product, "EUV machines" a technology (but "DJI drones" are a known company's).
    static let goodsNounsTable = WordSet([
        "chip", "chips", "machine", "machines", "system", "systems", "processor", "processors", "phone", "phones",
        "engine", "engines", "tool", "tools", "scanner", "scanners", "drone", "drones", "missile", "missiles", "jet",
        "jets", "aircraft", "vaccine", "vaccines", "drug", "device", "devices",
    ])

    /// Goods after an acronym that make it a technology ("EUV machines", "HBM chips"). Not weapons, phones or
    /// tools: after an acronym those are most often an armed body's or a maker's ("RAF jets", "IRGC missiles",
    /// "ZTE phones"), so the acronym stays an organisation; named weapons are in the gazetteer.
    static let technologyGoodsTable = WordSet([
        "chip", "chips", "processor", "processors", "machine", "machines", "scanner", "scanners", "device", "devices",
    ])

    /// "a feature called X", "a model named X": what X is, after a naming verb.
    static let namingVerbsTable = WordSet(["called", "named", "dubbed", "branded"])
    static let featureNounsTable = WordSet([
        "feature", "features", "app", "apps", "service", "product", "products", "assistant", "platform", "game",
        "programme", "program", "mode", "version", "update", "function", "brand", "variant",
    ])

    /// First words that make a name a place: "Camp David", "Port Ellen", "Mount Kenya", "Cape Canaveral", "Lake Como".
    static let placeHeadsTable = WordSet(["camp", "port", "mount", "cape", "fort", "lake", "isle", "glen", "loch", "st", "saint", "san", "santa", "sankt", "sao"])

    /// Words between "in" and a place: "in north Phoenix", "in nearby Peoria", "in central London".
    static let placeModifiersTable = WordSet([
        "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "nearby",
        "downtown", "suburban", "rural", "greater", "northeast", "northwest", "southeast", "southwest",
    ])

    /// Last words of a law or a public body whose name may hold "and": "CHIPS and Science Act",
    /// "Argyll and Bute Council" (a company's "and" would join two companies: "Apple and Samsung Electronics").
    static let lawsAndBodies: Set<String> = [
        "act", "bill", "treaty", "accord", "agreement", "convention", "council", "commission", "committee", "authority",
    ]

    /// A role or its plural ("Economists said", "Officials"): a word for people, never a name.
    static func isRoleWord(_ folded: String) -> Bool {
        roles.contains(folded) || (folded.hasSuffix("s") && roles.contains(String(folded.dropLast())))
    }

    /// Particles inside names ("Crystal van Oosterom", "João da Silva", "Bank of England").
    static let connectors: Set<String> = [
        "of", "de", "da", "do", "dos", "das", "du", "des", "del", "della", "di", "van", "von", "der", "den", "ter",
        "ten", "le", "la", "al", "el", "bin", "ibn", "y", "zu", "af", "for", "and", "the", "on",
    ]

    /// Connectors that may sit inside a person's name (not "of", "and", "for").
    static let nameParticles: Set<String> = [
        "de", "da", "do", "dos", "das", "du", "del", "della", "di", "van", "von", "der", "den", "ter", "ten", "le",
        "la", "al", "el", "bin", "ibn", "y", "zu",
    ]

    /// Abbreviations whose dot does not break a name ("St. Gallen", "George W. Bush", "Mr. Austin").
    static let dottedInName: Set<String> = ["st", "mt", "ft", "jr", "sr", "mr", "mrs", "ms", "dr"]

    /// The states of the United States, folded: "Moscow, Idaho" is a town there.
    static let usStates: Set<String> = [
        "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware", "florida", "georgia",
        "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana", "maine", "maryland",
        "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana", "nebraska", "nevada", "new hampshire",
        "new jersey", "new mexico", "new york", "north carolina", "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania",
        "rhode island", "south carolina", "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington",
        "west virginia", "wisconsin", "wyoming",
    ]

    /// Calendar words: capitalised, but never names.
    static let calendar: Set<String> = [
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
        "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb",
        "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "montag", "dienstag", "mittwoch",
        "donnerstag", "freitag", "samstag", "sonntag", "januar", "februar", "marz", "juni", "juli", "oktober",
        "dezember", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche", "janvier", "fevrier",
        "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre",
    ]

    /// Capitalised abbreviations that are not names of anything.
    static let commonAcronyms: Set<String> = [
        "ai", "ceo", "cfo", "cto", "coo", "gdp", "ipo", "etf", "llm", "llms", "api", "apis", "ev", "evs", "ok", "tv",
        "pm", "am", "uk", "us", "id", "it", "vs", "faq", "pdf", "usb", "gpu", "gpus", "cpu", "cpus", "ram", "ssd", "os",
        "app", "pc", "hiv", "aids", "covid", "dna", "rna", "mp", "mps", "mep", "meps", "qc", "kc", "hr", "pr", "ceos",
        "vr", "ar", "5g", "4g", "3d", "ii", "iii", "iv", "vi", "vii", "viii", "ix", "xi", "xii", "ad", "bc", "bbq",
        "diy", "eta", "fyi", "nb", "ps", "rip", "rsvp", "tba", "usd", "eur", "gbp", "cny", "jpy", "chf", "kg", "km",
        "mph", "ghz", "mw", "gw", "kwh", "co2", "esg", "m&a", "r&d", "q&a", "p&l", "b&b", "b&w", "f&b", "c&w", "d&i", "agi", "asi", "nda", "ip", "vpn", "url", "www",
        "sms", "ai's", "ki", "ia", "ue", "eu's", "nft", "nfts", "crypto", "btc", "eth", "vat", "cpi", "ppi",
        "pmi", "pib", "pil", "bip", "q1", "q2", "q3", "q4", "h1", "h2", "fy", "yoy", "bps", "ftse", "dax", "cac", "nasdaq",
    ]
}
