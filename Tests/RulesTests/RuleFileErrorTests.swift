import Analysis
import Rules
import Testing
import WirewatchCore

/// The exact text of every error, with file:line:column pointing at the
/// offending text inside the query.
@Suite struct RuleFileErrorTests {
    func errors(_ yaml: String, sinks: Set<String> = ["alert-log"]) -> [String] {
        switch RuleBook.compile([RuleFile(path: "r.yaml", text: yaml)], base: RuleTestSupport.knowledge, sinks: sinks) {
        case .success: return []
        case .failure(let d): return d.items.map(\.description)
        }
    }

    /// Errors of one rule whose query is written `'…'` on line 3 (the query starts at column 13).
    func queryErrors(_ query: String) -> [String] {
        errors("rules:\n  - id: a\n    query: '\(query.replacingOccurrences(of: "'", with: "''"))'\n")
    }

    @Test(arguments: [
        ("", ["r.yaml:3:13: rule 'a': empty query; write what to look for, e.g. '\"export controls\" AND China'"]),
        ("(DeepSeek OR x", ["r.yaml:3:13: rule 'a': unbalanced '(': no ')' closes it; add ')' where the group ends"]),
        ("DeepSeek) OR x", ["r.yaml:3:21: rule 'a': unbalanced ')': no '(' opens it; remove it or add a '(' before it"]),
        ("DeepSeek \"export controls", ["r.yaml:3:22: rule 'a': unterminated phrase \"export controls; close it with '\"'"]),
        ("titel:DeepSeek", ["r.yaml:3:13: rule 'a': unknown field 'titel:'; did you mean 'title:'?"]),
        ("10:30", ["r.yaml:3:13: rule 'a': unknown field '10:'; fields are title: text: url: author: category: source: lang: entity: topic: case:; to search for the text itself, quote it"]),
        ("topic:export-control", ["r.yaml:3:19: rule 'a': unknown topic 'export-control'; did you mean 'export-controls'?"]),
        ("topic:weather", ["r.yaml:3:19: rule 'a': unknown topic 'weather'; define it under 'topics:' in a rule file"]),
        ("topic:export-controls>1.5", ["r.yaml:3:35: rule 'a': topic score threshold '1.5' is not a number from 0 to 1; as in 'topic:export-controls>0.5'"]),
        ("entity:DeepSek", ["r.yaml:3:20: rule 'a': unknown entity 'DeepSek'; did you mean 'DeepSeek'?"]),
        ("entity:Anthropic", ["r.yaml:3:20: rule 'a': unknown entity 'Anthropic'; define it under 'entities:' in a rule file, or use a type (PERSON, ORG, LOC, MISC)"]),
        ("entity:MODEL", ["r.yaml:3:20: rule 'a': unknown entity 'MODEL'; the entity types are PERSON, ORG, LOC and MISC (products and models are MISC); or define 'MODEL' under 'entities:' in a rule file"]),
        ("entity:org", ["r.yaml:3:20: rule 'a': unknown entity 'org'; entity types are upper case: did you mean 'entity:ORG'?"]),
        // A name of several words written unquoted reads as its first word AND the rest.
        ("entity:United States AND tariffs", ["r.yaml:3:20: rule 'a': unknown entity 'United'; a name of several words is quoted: did you mean 'entity:\"United States\"'?"]),
        ("entity:\"United States\" AND tariffs", []),
        ("entity:Person", ["r.yaml:3:20: rule 'a': unknown entity 'Person'; entity types are upper case: did you mean 'entity:PERSON'?"]),
        ("DeepSeek NEAR/5", ["r.yaml:3:22: rule 'a': 'NEAR/5' needs a clause on its right; as in 'DeepSeek NEAR/5 distillation'"]),
        ("DeepSeek ONEAR/3 )", ["r.yaml:3:22: rule 'a': 'ONEAR/3' needs a clause on its right; as in 'DeepSeek ONEAR/5 distillation'",
                                "r.yaml:3:30: rule 'a': unbalanced ')': no '(' opens it; remove it or add a '(' before it"]),
        ("DeepSeek NEAR distillation", ["r.yaml:3:22: rule 'a': 'NEAR' needs a distance in words; write NEAR/5 for at most 5 words apart, or quote it (\"NEAR\") to search for the word"]),
        ("DeepSeek NEAR/x distillation", ["r.yaml:3:22: rule 'a': 'NEAR/x' needs a distance in words; write NEAR/5 for at most 5 words apart"]),
        ("topic:export-controls NEAR/5 China", ["r.yaml:3:13: rule 'a': 'NEAR/5' needs words, phrases or entities on both sides, not 'topic:export-controls'; combine it with AND instead"]),
        ("DeepSeek near/5 distillation", ["r.yaml:3:22: rule 'a': 'near/5' looks like an operator written in lower case; write NEAR/5, or quote it to search for the words"]),
        ("a*", ["r.yaml:3:13: rule 'a': wildcard 'a*' would match nearly everything; put at least 3 letters before '*'"]),
        ("\"copycat mo*\"", ["r.yaml:3:22: rule 'a': wildcard 'mo*' would match nearly everything; put at least 3 letters before '*'"]),
        ("*", ["r.yaml:3:13: rule 'a': wildcard '*' would match nearly everything; put at least 3 letters before '*'"]),
        ("\"* *\"", ["r.yaml:3:14: rule 'a': wildcard phrase '\"* *\"' would match nearly everything; put at least one word beside the '*'"]),
        ("dist*ion", ["r.yaml:3:13: rule 'a': wildcard 'dist*ion' is not supported; a '*' goes at the end of a word (distil*), or alone for any one word inside a phrase"]),
        ("NOT weather", ["r.yaml:3:13: rule 'a': the query 'NOT weather' only excludes (NOT …); add a clause that must be present, e.g. 'DeepSeek NOT weather'"]),
        ("-weather -sport", ["r.yaml:3:13: rule 'a': the query '-weather -sport' only excludes (NOT …); add a clause that must be present, e.g. 'DeepSeek NOT weather'"]),
        // An exclusion of an exclusion requires what it excludes twice (it was refused as "only excludes").
        ("NOT (NOT OpenAI)", []),
        ("DeepSeek AND NOT (NOT (distil* OR copycat))", []),
        ("NOT (NOT weather) NOT (NOT (NOT sport))", []),
        // A query that requires something on one side of an OR only: told so, not that it only excludes.
        ("OpenAI OR NOT weather", ["r.yaml:3:13: rule 'a': the query 'OpenAI OR NOT weather' matches every article that lacks what one side of its OR excludes ('NOT weather'); give each side of OR a clause that must be present, e.g. 'OpenAI OR (Microsoft NOT weather)'"]),
        ("DeepSeek AND", ["r.yaml:3:22: rule 'a': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'"]),
        ("DeepSeek OR", ["r.yaml:3:22: rule 'a': 'OR' needs a clause on its right; as in 'DeepSeek OR OpenAI'"]),
        ("AND DeepSeek", ["r.yaml:3:13: rule 'a': 'AND' needs a clause on its left; put a word or phrase before it"]),
        ("DeepSeek NOT", ["r.yaml:3:22: rule 'a': 'NOT' needs a clause to exclude; as in 'DeepSeek NOT weather'"]),
        ("SENTENCE(OpenAI)", ["r.yaml:3:13: rule 'a': 'SENTENCE(OpenAI)' needs at least two clauses; as in 'SENTENCE(OpenAI, Microsoft)'"]),
        ("SENTENCE OpenAI", ["r.yaml:3:13: rule 'a': 'SENTENCE' needs its clauses in parentheses; as in 'SENTENCE(OpenAI, Microsoft)'"]),
        // NEAR and SENTENCE count within the title or within the text: a clause only in each never meets.
        ("title:OpenAI NEAR/5 text:China", ["r.yaml:3:26: rule 'a': 'title:OpenAI NEAR/5 text:China' can never hold: 'title:OpenAI' is only in the title and 'text:China' only in the text, and NEAR counts words within the title or within the text; combine them with AND instead"]),
        ("title:OpenAI ONEAR/5 (text:China OR text:US)", ["r.yaml:3:26: rule 'a': 'title:OpenAI ONEAR/5 (text:China OR text:US)' can never hold: 'title:OpenAI' is only in the title and 'text:China OR text:US' only in the text, and ONEAR counts words within the title or within the text; combine them with AND instead"]),
        ("SENTENCE(text:China, OpenAI, title:chips)", ["r.yaml:3:42: rule 'a': 'SENTENCE(text:China, OpenAI, title:chips)' can never hold: 'text:China' is only in the text and 'title:chips' only in the title, and the title is a sentence of its own; combine them with AND instead"]),
        ("(title:OpenAI OR text:OpenAI) NEAR/5 text:China", []),
        ("title:OpenAI NEAR/5 China", []),
        ("SENTENCE(OpenAI, topic:export-controls)", ["r.yaml:3:30: rule 'a': SENTENCE(…) needs words, phrases or entities, not 'topic:export-controls'; combine it with AND instead"]),
        ("SENTENCE(OpenAI, Microsoft", ["r.yaml:3:21: rule 'a': unbalanced '(': no ')' closes it; add ')' where the group ends"]),
        ("DeepSeek ()", ["r.yaml:3:22: rule 'a': empty parentheses '()'; put a clause inside or remove them"]),
        ("OpenAI, Microsoft", ["r.yaml:3:19: rule 'a': unexpected ','; a comma only separates the clauses of SENTENCE(…); for either, write OR"]),
        // A comma in a group is the one mistake: the group reads on to its ')' (it gave two false "unbalanced" errors).
        ("(OpenAI, Microsoft) AND China", ["r.yaml:3:20: rule 'a': unexpected ','; a comma only separates the clauses of SENTENCE(…); for either, write OR"]),
        ("SENTENCE(OpenAI, (Microsoft, Google))", ["r.yaml:3:40: rule 'a': unexpected ','; a comma only separates the clauses of SENTENCE(…); for either, write OR"]),
        ("(a, b, c)", ["r.yaml:3:15: rule 'a': unexpected ','; a comma only separates the clauses of SENTENCE(…); for either, write OR",
                       "r.yaml:3:18: rule 'a': unexpected ','; a comma only separates the clauses of SENTENCE(…); for either, write OR"]),
        ("price AND (1,000 OR thousand)", ["r.yaml:3:24: rule 'a': unexpected ',' in '1,000'; quote a number written with commas: '\"1,000\"'"]),
        ("price 1,000", ["r.yaml:3:19: rule 'a': unexpected ',' in '1,000'; quote a number written with commas: '\"1,000\"'"]),
        ("title: DeepSeek", ["r.yaml:3:13: rule 'a': 'title:' needs a word or a \"phrase\" right after it; as in 'title:\"export controls\"'"]),
        ("title:(a OR b)", ["r.yaml:3:19: rule 'a': 'title:' applies to one word or phrase, not to a group; repeat it on each clause: 'title:a OR title:b'"]),
        ("\"...\"", ["r.yaml:3:13: rule 'a': '\"...\"' has no words to match; letters or digits make words; punctuation is ignored"]),
        // trial4 finding 21: a distance past an Int32 crashed check and the daemon.
        ("DeepSeek NEAR/2147483648 China", ["r.yaml:3:22: rule 'a': 'NEAR/2147483648' is farther than NEAR reaches: at most 1000 words apart; for both anywhere in the article, combine them with AND"]),
        ("DeepSeek ONEAR/99999999999999999999 China", ["r.yaml:3:22: rule 'a': 'ONEAR/99999999999999999999' is farther than ONEAR reaches: at most 1000 words apart; for both anywhere in the article, combine them with AND"]),
        ("DeepSeek NEAR/1001 China", ["r.yaml:3:22: rule 'a': 'NEAR/1001' is farther than NEAR reaches: at most 1000 words apart; for both anywhere in the article, combine them with AND"]),
        ("DeepSeek NEAR/+5 China", ["r.yaml:3:22: rule 'a': 'NEAR/+5' needs a distance in words; write NEAR/5 for at most 5 words apart"]),
        ("topic:export-controls>1e309", ["r.yaml:3:35: rule 'a': topic score threshold '1e309' is not a number from 0 to 1; as in 'topic:export-controls>0.5'"]),
        // A known topic with '<': the '<' is the mistake, not the topic (it was "unknown topic 'export-controls<0.5'").
        ("topic:export-controls<0.5", ["r.yaml:3:34: rule 'a': '<' is not a topic threshold: 'topic:export-controls>x' asks for a score of at least x; for articles that score below x, exclude it: 'NOT topic:export-controls>0.5'"]),
        ("topic:export-controls>=0.5", ["r.yaml:3:35: rule 'a': topic score threshold '=0.5' is not a number from 0 to 1; '>' already means at least: write 'topic:export-controls>0.5'"]),
        ("topic:export-controls>nan", ["r.yaml:3:35: rule 'a': topic score threshold 'nan' is not a number from 0 to 1; as in 'topic:export-controls>0.5'"]),
        // trial4 finding 29: typographic quotes are phrase quotes.
        ("DeepSeek \u{201C}export controls", ["r.yaml:3:22: rule 'a': unterminated phrase \u{201C}export controls; close it with '\u{201D}'"]),
        ("DeepSeek \u{00AB}titel:x\u{00BB} titel:y", ["r.yaml:3:32: rule 'a': unknown field 'titel:'; did you mean 'title:'?"]),
        // trial4 findings 16, 17, 10: operators written the wrong way.
        ("DeepSeek Near/5 distillation", ["r.yaml:3:22: rule 'a': 'Near/5' looks like an operator written in lower case; write NEAR/5, or quote it to search for the words"]),
        ("DeepSeek Onear/5 distillation", ["r.yaml:3:22: rule 'a': 'Onear/5' looks like an operator written in lower case; write ONEAR/5, or quote it to search for the words"]),
        // trial7 finding N2: a threshold spaced off its topic was the required word "0.5".
        ("topic:export-controls >0.5", ["r.yaml:3:35: rule 'a': '>0.5' is searched as a word: a topic's threshold goes right after its id, with no space; write topic:ID>0.5 (at least that score), or quote it to search for the text"]),
        ("DeepSeek NEAR5 distillation", ["r.yaml:3:22: rule 'a': 'NEAR5' looks like an operator written without its '/'; write NEAR/5, or quote it to search for the words"]),
        ("sentence(OpenAI, Microsoft)", ["r.yaml:3:13: rule 'a': 'sentence(' looks like an operator written in lower case; write SENTENCE(…), or quote the word to search for it"]),
        ("Sentence(OpenAI, Microsoft)", ["r.yaml:3:13: rule 'a': 'Sentence(' looks like an operator written in lower case; write SENTENCE(…), or quote the word to search for it"]),
        ("Sentence (OpenAI, Microsoft)", ["r.yaml:3:13: rule 'a': 'Sentence(' looks like an operator written in lower case; write SENTENCE(…), or quote the word to search for it"]),
        ("Antarctica||distilled", ["r.yaml:3:13: rule 'a': 'Antarctica||distilled' holds '||' without spaces around it, so it is searched as words; write 'Antarctica || distilled' for OR, or quote it to search for the words"]),
        ("Antarctica&&distilled", ["r.yaml:3:13: rule 'a': 'Antarctica&&distilled' holds '&&' without spaces around it, so it is searched as words; write 'Antarctica && distilled' for AND, or quote it to search for the words"]),
        ("distilled OR-Antarctica", ["r.yaml:3:23: rule 'a': 'OR-Antarctica' is searched as words, not as the operator 'OR'; put a space after 'OR', or quote it to search for the words"]),
        // trial4 finding 18: one field per term (case: combines with title: and text:).
        ("title:entity:DeepSeek", ["r.yaml:3:13: rule 'a': 'title:entity:DeepSeek' has more than one field; a term takes one; only case: combines, with title: or text: (title:case:US)"]),
        ("text:topic:export-controls", ["r.yaml:3:13: rule 'a': 'text:topic:export-controls' has more than one field; a term takes one; only case: combines, with title: or text: (title:case:US)"]),
        ("title:title:X AND y", ["r.yaml:3:13: rule 'a': 'title:title:X' has more than one field; a term takes one; only case: combines, with title: or text: (title:case:US)"]),
        ("title:case:", ["r.yaml:3:13: rule 'a': 'title:case:' needs a word or a \"phrase\" right after it; as in 'title:case:\"export controls\"'"]),
        // trial4 finding 22: a prefix that starts too many words.
        ("the*", ["r.yaml:3:13: rule 'a': wildcard 'the*' would match nearly everything; 'the' starts too many words; write the word itself, or more letters before '*'"]),
        ("\"of the*\"", ["r.yaml:3:17: rule 'a': wildcard 'the*' would match nearly everything; 'the' starts too many words; write the word itself, or more letters before '*'"]),
        ("DeepSeek AND case:And*", ["r.yaml:3:31: rule 'a': wildcard 'And*' would match nearly everything; 'And' starts too many words; write the word itself, or more letters before '*'"]),
        // trial4 findings 13 and 3.
        ("entity:Deep*", ["r.yaml:3:20: rule 'a': 'entity:' takes a name, not a wildcard ('Deep*'); write the entity's name or alias, or 'Deep*' without 'entity:' for the words"]),
        ("SENTENCE(OpenAI, Microsoft,)", ["r.yaml:3:39: rule 'a': a ',' with no clause after it in SENTENCE(…); remove it, or add the clause"]),
        ("SENTENCE(,OpenAI, Microsoft)", ["r.yaml:3:22: rule 'a': a ',' with no clause before it in SENTENCE(…); remove it, or add the clause"]),
        ("DeepSeek --weather", ["r.yaml:3:22: rule 'a': '--' excludes the exclusion, so it requires what follows; write one '-' to exclude it"]),
        ("rain NOT NOT storm", ["r.yaml:3:18: rule 'a': 'NOT NOT' excludes the exclusion, so it requires what follows; write one 'NOT' to exclude it, or neither to require it"]),
        ("NOT NOT storm", ["r.yaml:3:13: rule 'a': 'NOT NOT' excludes the exclusion, so it requires what follows; write one 'NOT' to exclude it, or neither to require it"]),
        ("rain NOT -storm", ["r.yaml:3:18: rule 'a': 'NOT -' excludes the exclusion, so it requires what follows; write one 'NOT' to exclude it, or neither to require it"]),
        ("rain NOT (NOT storm)", []),
        // trial4 finding 30: other tools' field names are suggested by meaning.
        ("DeepSeek site:bbc.co.uk", ["r.yaml:3:22: rule 'a': unknown field 'site:'; did you mean 'source:'?"]),
        ("body:DeepSeek", ["r.yaml:3:13: rule 'a': unknown field 'body:'; did you mean 'text:'?"]),
        ("language:en", ["r.yaml:3:13: rule 'a': unknown field 'language:'; did you mean 'lang:'?"]),
        // trial4 finding 4: a lang: value that can never match.
        ("DeepSeek AND lang:english", ["r.yaml:3:31: rule 'a': 'lang:' takes a two-letter language code, not 'english'; did you mean 'lang:en'?"]),
        // trial7 finding N20: two letters that never match.
        ("lang:xx", ["r.yaml:3:18: rule 'a': 'lang:xx' never matches: 'xx' is no ISO 639-1 language code; as in 'lang:en', 'lang:de' or 'lang:zh'"]),
        ("lang:nb", ["r.yaml:3:18: rule 'a': 'lang:nb' never matches: the analysis writes that language as 'no'; write 'lang:no'"]),
        ("lang:iw", ["r.yaml:3:18: rule 'a': 'lang:iw' never matches: the analysis writes that language as 'he'; write 'lang:he'"]),
        ("lang:EN", []),
        ("lang:en-gb", ["r.yaml:3:18: rule 'a': 'lang:' takes a two-letter language code, not 'en-gb'; did you mean 'lang:en'?"]),
        ("lang:eng", ["r.yaml:3:18: rule 'a': 'lang:' takes a two-letter language code, not 'eng'; did you mean 'lang:en'?"]),
        ("lang:xyz", ["r.yaml:3:18: rule 'a': 'lang:' takes a two-letter language code, not 'xyz'; as in 'lang:en', 'lang:de' or 'lang:zh' (ISO 639-1)"]),
        // trial4 finding 12: Han, kana and Hangul are a word per character; two before '*' are enough.
        ("深*", ["r.yaml:3:13: rule 'a': wildcard '深*' would match nearly everything; put at least 2 characters before '*'"]),
        // Review of querylang, 16, 15, 11, 12.
        ("A+ AND rating", ["r.yaml:3:13: rule 'a': 'A+' is searched as the word 'a': '+' is not part of a word; write 'a' if that is what you mean, or a phrase with the words around it (\"A+ rating\")"]),
        ("C+", ["r.yaml:3:13: rule 'a': 'C+' is searched as the word 'c': '+' is not part of a word; write 'c' if that is what you mean, or a phrase with the words around it (\"C+ rating\")"]),
        ("a ||b", ["r.yaml:3:15: rule 'a': '||b' holds '||' without spaces around it, so it is searched as words; write '|| b' for OR, or quote it to search for the words"]),
        ("a NEAR/5\u{301} b", ["r.yaml:3:15: rule 'a': 'NEAR/5\u{301}' needs a distance in words; write NEAR/5 for at most 5 words apart"]),
        ("\"" + Array(repeating: "word", count: 101).joined(separator: " ") + "\"",
         ["r.yaml:3:13: rule 'a': a phrase of 101 words is too long to match; at most 100 words; quote its most telling part"]),
        // trial4 finding 2: one error, not a second about a ')' that is not there.
        ("DeepSeek AND AND China", ["r.yaml:3:22: rule 'a': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'"]),
        ("DeepSeek OR OR China", ["r.yaml:3:22: rule 'a': 'OR' needs a clause on its right; as in 'DeepSeek OR OpenAI'"]),
        // Other tools' syntax pasted: each was searched as its words, the symbol dropped, and passed check.
        ("DeepSeek !weather", ["r.yaml:3:22: rule 'a': '!weather' is searched as 'weather': '!' is not an operator here; write NOT weather (or -weather) to exclude it, or quote it to search for the text"]),
        ("DeepSeek !(weather OR rain)", ["r.yaml:3:22: rule 'a': '!' is not an operator here; write NOT (or '-') to exclude what follows"]),
        ("DeepSeek w/5 OpenAI", ["r.yaml:3:22: rule 'a': 'w/5' is another search tool's proximity; here it is searched as words; write NEAR/5 (either order, at most 5 words apart)"]),
        ("DeepSeek PRE/3 OpenAI", ["r.yaml:3:22: rule 'a': 'PRE/3' is another search tool's proximity; here it is searched as words; write ONEAR/3 (in that order, at most 3 words apart)"]),
        ("DeepSeek /5 OpenAI", ["r.yaml:3:22: rule 'a': '/5' is Westlaw's proximity; here it is searched as words; write NEAR/5 (either order, at most 5 words apart)"]),
        ("DeepSeek w/s OpenAI", ["r.yaml:3:22: rule 'a': 'w/s' is another search tool's 'in the same sentence'; here it is searched as words; write SENTENCE(a, b) for clauses in one sentence"]),
        ("DeepSeek AROUND(5) OpenAI", ["r.yaml:3:22: rule 'a': 'AROUND(5)' is Google's proximity, not this language's; write NEAR/5 (either order, at most 5 words apart)"]),
        ("\"DeepSeek OpenAI\"~5", ["r.yaml:3:30: rule 'a': '~5' is Lucene's proximity; here it is searched as the word '5'; write a NEAR/5 b for words at most 5 apart"]),
        ("Microsoft~", ["r.yaml:3:13: rule 'a': 'Microsoft~' holds '~' (Lucene's fuzzy search), which is not supported; it is searched without it; leave the '~' out, or list the spellings with OR"]),
        ("Micro?oft", ["r.yaml:3:13: rule 'a': 'Micro?oft' holds '?', which is no wildcard here: it is searched as the words on either side of it; write Micro* for any ending, or the spellings with OR"]),
        ("url:example.com/a?b=1 AND source:x~y", []),
        ("\"w/5\" AND \"Micro?oft\"", []),
        // The word NEAR: one error that says to quote it, not three false ones about parentheses.
        ("(Solana OR NEAR) AND token", ["r.yaml:3:24: rule 'a': 'NEAR' needs a clause on its left; to search for the word, quote it (\"NEAR\"); the operator is written NEAR/5, between two clauses"]),
        ("faster AND ONEAR", ["r.yaml:3:24: rule 'a': 'ONEAR' needs a clause on its left; to search for the word, quote it (\"ONEAR\"); the operator is written ONEAR/5, between two clauses"]),
        ("Solana NEAR", ["r.yaml:3:20: rule 'a': 'NEAR' needs a clause on its right; to search for the word, quote it (\"NEAR\"); the operator is written NEAR/5, between two clauses"]),
        ("(Solana OR \"NEAR\") AND token", []),
        ("DeepSeek AND OR AND China", ["r.yaml:3:22: rule 'a': 'AND' needs a clause on its right; as in 'DeepSeek AND distillation'",
                                       "r.yaml:3:26: rule 'a': 'OR' needs a clause on its right; as in 'DeepSeek OR OpenAI'"]),
    ])
    func queryError(_ query: String, _ expected: [String]) {
        #expect(queryErrors(query) == expected, "query: \(query)")
    }

    @Test func everyErrorOfAQueryIsReported() {
        #expect(queryErrors("titel:x AND topic:nope AND a* AND entity:Nobody") == [
            "r.yaml:3:13: rule 'a': unknown field 'titel:'; did you mean 'title:'?",
            "r.yaml:3:31: rule 'a': unknown topic 'nope'; define it under 'topics:' in a rule file",
            "r.yaml:3:40: rule 'a': wildcard 'a*' would match nearly everything; put at least 3 letters before '*'",
            "r.yaml:3:54: rule 'a': unknown entity 'Nobody'; define it under 'entities:' in a rule file, or use a type (PERSON, ORG, LOC, MISC)",
        ])
    }

    @Test func unknownSinkAndDuplicateIdAndKeys() {
        let yaml = """
            rules:
              - id: a
                query: x
                sinks: [alert-logs, policy-slack]
                severty: high
              - id: a
                query: y
            """
        #expect(errors(yaml) == [
            "r.yaml:4:13: rule 'a' names unknown sink 'alert-logs' (configured sinks: alert-log); did you mean 'alert-log'?",
            "r.yaml:4:25: rule 'a' names unknown sink 'policy-slack' (configured sinks: alert-log)",
            "r.yaml:5:5: unknown key 'severty' in a rule; did you mean 'severity'?",
            "r.yaml:6:5: duplicate rule id 'a' (first defined at r.yaml:2); rule ids must be unique across all rule files",
        ])
    }

    /// A plain query that starts with '!' starts with a YAML tag, which took '!weather' off the query: said, where
    /// only "'AND' needs a clause on its left" was. A tag YAML knows (`!!str`) is no mistake.
    @Test func aQueryStartingWithATagSaysSo() {
        let yaml = "rules:\n  - id: a\n    query: !weather AND DeepSeek\n  - id: b\n    query: !!str DeepSeek\n"
        #expect(errors(yaml) == [
            "r.yaml:3:12: 'query' in rule 'a' starts with '!weather', which YAML reads as a tag, not as text: quote the value whole",
            "r.yaml:3:21: rule 'a': 'AND' needs a clause on its left; put a word or phrase before it",
        ])
    }

    /// An entity whose type is wrong is reported once, not again at every rule that names it.
    @Test func entityOfAnUnknownTypeIsReportedOnce() {
        let yaml = "entities:\n  - name: Acme\n    type: COMPANY\nrules:\n  - id: a\n    query: entity:Acme\n"
        #expect(errors(yaml) == ["r.yaml:3:11: entity 'Acme': type must be PERSON, ORG, LOC or MISC (got 'COMPANY')"])
    }

    /// Mistakes in a rule's other keys, each reported once with what to write.
    @Test(arguments: [
        ("throttle: 6h", "r.yaml:4:15: rule 'a': throttle must be a mapping, as in 'throttle: { per: story, window: 6h }' (got '6h')"),
        ("sinks: []", "r.yaml:4:12: rule 'a': 'sinks: []' names no sink; leave 'sinks' out to alert every sink, or write 'enabled: false' to stop the rule"),
    ])
    func otherKeys(_ line: String, _ expected: String) {
        #expect(errors("rules:\n  - id: a\n    query: DeepSeek\n    \(line)\n") == [expected])
    }

    @Test func queryThatIsAListIsReportedOnce() {
        #expect(errors("rules:\n  - id: a\n    query: DeepSeek\n    sinks: alert-log\n") == ["r.yaml:4:12: 'sinks' of rule 'a' must be a list (got 'alert-log'; write [alert-log])"])
        #expect(errors("rules:\n  - id: a\n    query: [DeepSeek, OpenAI]\n") == ["r.yaml:3:12: 'query' in rule 'a' must be a single value (got a list; a value that starts with '[' is one: quote it whole to write it as text)"])
        // The rule's other mistakes are still found.
        let both = errors("rules:\n  - id: a\n    query: [DeepSeek]\n    enabled: maybe\n")
        #expect(both.count == 2 && both[0].hasPrefix("r.yaml:3:12: 'query'") && both[1].hasPrefix("r.yaml:4:14:"), "\(both)")
    }

    @Test func duplicateIdsAcrossFiles() {
        let a = RuleFile(path: "a.yaml", text: "rules:\n  - id: x\n    query: y\n")
        let b = RuleFile(path: "b.yaml", text: "rules:\n  - id: x\n    query: z\n")
        guard case .failure(let d) = RuleBook.compile([a, b], base: KnowledgeBase(), sinks: []) else { Issue.record("expected failure"); return }
        #expect(d.items.map(\.description) == ["b.yaml:2:5: duplicate rule id 'x' (first defined at a.yaml:2); rule ids must be unique across all rule files"])
    }

    // The column is exact whatever way the query is written in YAML.

    /// trial4 finding 9: an anchor or a tag before the query moved the column to it; an
    /// alias's error is where its text is, saying whose alias it is.
    @Test func anchorTagAndAlias() {
        let yaml = """
            rules:
              - id: anchor
                query: &q 'DeepSeek AND titel:g'
              - id: alias
                query: *q
              - id: tag
                query: !!str 'DeepSeek AND titel:i'
              - id: plain
                query: &p DeepSeek AND titel:j
              - id: folded
                query: !!str &f >-
                  DeepSeek AND titel:k
              - id: commented
                query: &s # a note
                  'd AND titel:x'
            """
        #expect(errors(yaml) == [
            "r.yaml:3:29: rule 'anchor': unknown field 'titel:'; did you mean 'title:'?",
            "r.yaml:3:29: rule 'alias' (its query is the alias *q at line 5, column 12): unknown field 'titel:'; did you mean 'title:'?",
            "r.yaml:7:32: rule 'tag': unknown field 'titel:'; did you mean 'title:'?",
            "r.yaml:9:28: rule 'plain': unknown field 'titel:'; did you mean 'title:'?",
            "r.yaml:12:20: rule 'folded': unknown field 'titel:'; did you mean 'title:'?",
            // An anchor, then a comment, the value on the next line (review of querylang, 7).
            "r.yaml:15:14: rule 'commented': unknown field 'titel:'; did you mean 'title:'?",
        ])
    }

    @Test func plainScalar() {
        #expect(errors("rules:\n  - id: a\n    query: DeepSeek AND titel:x\n") == ["r.yaml:3:25: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }

    @Test func singleQuotedWithEscapedQuote() {
        #expect(errors("rules:\n  - id: a\n    query: 'it''s AND titel:x'\n") == ["r.yaml:3:23: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }

    @Test func doubleQuotedWithEscapes() {
        let yaml = #"rules:\n  - id: a\n    query: "\"Zu\u0308rich\" AND titel:x"\n"#.replacingOccurrences(of: #"\n"#, with: "\n")
        #expect(errors(yaml) == ["r.yaml:3:34: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }

    /// An escaped line break (`\` at a line's end) in a double-quoted query, with LF and with CRLF line ends: a CRLF
    /// one is three scalars, and the trace took the next line's indentation for the escaped space after it.
    @Test(arguments: ["\n", "\r\n"])
    func doubleQuotedWithAnEscapedLineBreak(lineEnd: String) {
        let yaml = ["rules:", "  - id: a", "    query: \"OpenAI AND", "      titel:x AND\\", "      \\ titel:y\"", ""].joined(separator: lineEnd)
        #expect(errors(yaml) == ["r.yaml:4:7: rule 'a': unknown field 'titel:'; did you mean 'title:'?",
                                 "r.yaml:5:9: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }

    @Test func foldedOverSeveralLines() {
        let yaml = "rules:\n  - id: a\n    query: >\n      DeepSeek AND\n      (distil* OR titel:x)\n"
        #expect(errors(yaml) == ["r.yaml:5:19: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }

    @Test func plainOverSeveralLines() {
        let yaml = "rules:\n  - id: a\n    query: DeepSeek AND\n      (distil* OR titel:x)\n"
        #expect(errors(yaml) == ["r.yaml:4:19: rule 'a': unknown field 'titel:'; did you mean 'title:'?"])
    }
}
