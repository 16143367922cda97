import ArgumentParser
import Daemon
import Foundation
import YAMLFiles

struct OpmlCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opml", abstract: "Import feeds from an OPML subscription list, or export the configured feeds as OPML 2.0.",
        subcommands: [Import.self, Export.self])

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add an OPML file's feeds to the config (folders and categories become tags); existing URLs are skipped.",
            discussion: "Then reload the daemon (systemctl reload wirewatch) to start polling them.")

        @OptionGroup var options: ConfigOption
        @Argument(help: "The OPML file.") var file: String
        @Flag(help: "Print the feeds that would be added, as YAML, and change nothing.") var dryRun = false
        @Flag(help: "Print what was (or, with --dry-run, would be) added and skipped as JSON.") var json = false

        func run() throws {
            let data: Data
            switch InputFile.read(file, what: "OPML file", hint: "name the OPML file to import") {
            case .success(let d): data = d
            case .failure(let error): throw fail(error.description)
            }
            let outlines: [OPMLOutline]
            switch OPMLReader.read(data, path: file) {
            case .failure(let d): throw fail(d.description)
            case .success(let o): outlines = o
            }
            let (text, bom): (String, Bool)
            do {
                (text, bom) = try YAMLFile.textAndMark(atPath: options.config, what: "config file", directoryHint: "give the path of wirewatch.yaml")
            } catch {
                throw fail(error.description)
            }
            let config: DaemonConfig
            switch ConfigLoader.parse(text: text, path: options.config) {
            case .failure(let d): throw fail(d.description)
            case .success(let c): config = c
            }
            let plan = OPMLImport.plan(outlines, into: text, config: config)
            if dryRun {
                if json { try printJSON(ImportResult(plan, config: options.config, file: file, written: false)) }
                else {
                    print(OPMLImport.yaml(plan.added), terminator: "")
                    Self.report(plan.refused, in: file)
                    // On stderr, as stdout is the YAML to paste: a list with nothing new printed nothing at all, and
                    // could not be told from a file that was not read.
                    FileHandle.standardError.write(Data(("\(file): would add \(plan.added.count) feed\(plan.added.count == 1 ? "" : "s"), "
                        + "skipped \(plan.skipped.count) already configured; --dry-run: nothing written\n").utf8))
                }
                return
            }
            if !plan.added.isEmpty {
                guard let edited = plan.text else {
                    // Said first: adding the rest by hand, the operator must know which outlines to leave out.
                    Self.report(plan.refused, in: file)
                    throw fail("\(options.config): 'feeds:' is a flow list ([ … ]), which this command does not edit; "
                               + "write it as a block list ('feeds:' then '  - id: …' lines), or add the feeds by hand (see --dry-run)")
                }
                // The edited config must load as cleanly as the original did, or nothing is written.
                if case .failure(let d) = ConfigLoader.parse(text: edited, path: options.config) {
                    throw fail("\(options.config): the feeds could not be added to this config; add them by hand "
                               + "(see --dry-run):\n\(d.description)")
                }
                // The read dropped a byte-order mark; an editor that wrote one expects it back.
                do { try ConfigRewrite.replace(options.config, with: (bom ? "\u{FEFF}" : "") + edited) } catch {
                    throw fail("\(options.config): cannot write the config: \(error)")
                }
            }
            if json { try printJSON(ImportResult(plan, config: options.config, file: file, written: !plan.added.isEmpty)) }
            else {
                let again = plan.listedAgain.count
                print("\(options.config): added \(plan.added.count) feed\(plan.added.count == 1 ? "" : "s"), skipped \(plan.skipped.count) already configured"
                      + (again > 0 ? ", folded \(again) listed again in another folder into \(again == 1 ? "its feed" : "their feeds") as tags" : ""))
            }
            if !json { Self.report(plan.refused, in: file) }
        }

        /// The outlines left out, each where it is in the file, on stderr (the dry run's stdout is YAML to paste).
        static func report(_ refused: [(outline: OPMLOutline, reason: String)], in file: String) {
            for r in refused {
                let url = r.outline.xmlURL.isEmpty ? "" : " (\(r.outline.xmlURL))"
                FileHandle.standardError.write(Data("\(ImportResult.place(r.outline, in: file)): left out \"\(r.outline.title)\"\(url): \(r.reason)\n".utf8))
            }
        }

        /// `opml import --json`: the feeds added (as configured) and the outlines skipped because their URL is configured.
        struct ImportResult: Encodable {
            struct Feed: Encodable { var id: String; var url: String; var title: String?; var tags: [String] }
            struct Skipped: Encodable { var title: String; var url: String }
            /// `at`: FILE:LINE:COLUMN of the outline, as the message on stderr says it.
            struct Refused: Encodable { var title: String; var url: String; var reason: String; var at: String }
            var config: String
            var written: Bool
            var added: [Feed]
            var skipped: [Skipped]
            /// Second listings of a feed this import adds, folded into it as tags.
            var listedAgain: [Skipped]
            var refused: [Refused]

            static func place(_ outline: OPMLOutline, in file: String) -> String { "\(file):\(outline.line):\(outline.column)" }

            init(_ plan: OPMLImport.Plan, config: String, file: String, written: Bool) {
                self.config = config
                self.written = written
                added = plan.added.map { Feed(id: $0.id.rawValue, url: $0.url, title: $0.title, tags: $0.tags) }
                skipped = plan.skipped.map { Skipped(title: $0.title, url: $0.xmlURL) }
                listedAgain = plan.listedAgain.map { Skipped(title: $0.title, url: $0.xmlURL) }
                refused = plan.refused.map {
                    Refused(title: $0.outline.title, url: $0.outline.xmlURL, reason: $0.reason, at: Self.place($0.outline, in: file))
                }
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the configured feeds as OPML 2.0 (tags as categories).",
            discussion: """
                A feed that moved permanently (see 'wirewatch feeds') is written at the URL the daemon polls now, \
                with the URL in the config in a wirewatchConfiguredUrl attribute, and said on stderr.
                """)

        @OptionGroup var options: ConfigOption

        func run() throws {
            let config = try configToRead(options.config)
            var moved: [String: String] = [:]
            // The moves are the store's: without it (none yet, or unreadable) the config's URLs are all there is.
            do {
                if let path = config.store.filePath, let why = unreadable(path) { throw StoreUnread(why: "\(why) (as \(NSUserName()))") }
                for status in try FeedStatus.load(config: config) { if let to = status.movedTo { moved[status.id] = to } }
            } catch {
                warn("\(config.storePath): cannot read the store: \(error); a feed that moved permanently is exported at its URL in the config")
            }
            for feed in config.feeds {
                guard let to = moved[feed.id.rawValue] else { continue }
                FileHandle.standardError.write(Data("wirewatch: note: feed '\(feed.id)' moved permanently to \(to): exported at that URL; the config still says \(feed.url): update its url\n".utf8))
            }
            print(OPMLWriter.document(config.feeds, title: "wirewatch feeds", created: Date(), movedTo: moved), terminator: "")
        }

        private struct StoreUnread: Error, CustomStringConvertible { var why: String; var description: String { why } }
    }
}
