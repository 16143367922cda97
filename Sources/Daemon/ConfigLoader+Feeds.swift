import Delivery
import Fetching
import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `feeds:` section: what to poll.
extension ConfigLoader {
    /// The feeds, those whose `file:` path names a directory now (see `Reading.feedFilesNow`), and their secret references.
    static func parseFeeds(_ section: Node?, reader r: YAMLReader, resolve: (String) -> String)
        -> (feeds: [FeedConfig], feedFilesNow: [Reading.FeedFileNow], secrets: [WrittenSecret]) {
        var feeds: [FeedConfig] = []
        var feedFilesNow: [Reading.FeedFileNow] = []
        var secrets: [WrittenSecret] = []
        var feedIDs: Set<String> = []
        /// The feed fetching each URL as it is fetched (the same headers, login, proxy): a second is the same document.
        var fetchedBy: [FeedFetchKey: FeedID] = [:]
        for node in r.sequence(section, what: "'feeds'") {
            let m = r.mapping(node, what: "a feed", allowed: ["id", "url", "interval", "tags", "headers", "proxy", "proxy_ca", "auth",
                                                             "tls_verify", "max_size", "timeout", "title", "backlog"])
            guard let written = r.string(m, "url", what: "a feed", required: true) else { continue }
            // A scheme is case-insensitive (RFC 3986, 3.1): `HTTP://` from an OPML file is http:// (trial2 finding 10).
            let url = Self.lowercasingScheme(written)
            // Without an id the url is the feed's name, in messages too: never with the token or password it holds.
            let shown = shownURL(url)
            let id = r.string(m, "id", what: "feed \(shown)") ?? url
            let name = m?["id"] == nil ? shown : id
            if id.isEmpty { r.report(m?["id"], "feed \(shown): 'id' must not be empty (leave it out to use the URL)") }
            if !feedIDs.insert(id).inserted { r.report(m?["id"] ?? node, "duplicate feed id '\(name)'") }
            var resolved = url
            var allowFile = false
            if SecretSource(reference: url) != nil {
                // A token in the URL (`?token=…`) is a secret: the url is kept as its reference, read at each poll
                // as a header's value is, and the reference is what the store, `feeds`, logs and alerts show
                // (trial2 finding 31). The id is the feed's name everywhere, so it cannot default to the url.
                if m?["id"] == nil {
                    r.report(m?["url"], "feed \(shown): a feed whose url is a secret needs an 'id', its name in alerts, logs and source: queries")
                }
            } else if let file = filePath(ofURL: url, resolve: resolve) {
                allowFile = true
                // Not asked of the disk: a path that is a directory now would gain a "/" and be another URL,
                // whose feed the store has never polled (`feeds` showed it so, and a poll started over).
                resolved = URL(fileURLWithPath: file, isDirectory: false).absoluteString
                // A mistake to say now, not at each poll (which would say it in the same words).
                if case .isDirectory = FilePlace.obstacle(file) {
                    feedFilesNow.append(.init(feed: FeedID(id), url: resolved,
                                              problem: r.file.diagnostic(m?["url"], "feed '\(name)': \(LocalFile.directoryProblem(path: file))")))
                }
            } else if let problem = feedURLProblem(url) {
                switch problem {
                case .scheme: r.report(m?["url"], "feed '\(name)': url must start with http://, https:// or file:, or be env:NAME or credential:NAME (got '\(shown)')")
                case .unfetchable(let why): r.report(m?["url"], "feed '\(name)': url \(why) (got '\(shown)')")
                case .password: r.report(m?["url"], "feed '\(name)': the url holds a password; write the login as auth: { user: NAME, password: env:NAME }")
                case .credentialInQuery(let key):
                    r.report(m?["url"], "feed '\(name)': the url's '\(key)=' holds a credential; write the url as env:NAME or credential:NAME")
                }
            }
            let what = "feed '\(name)'"
            let headers = parseHeaders(m?["headers"], reader: r, what: what)
            // `tags: news, world` is one value: it became a tag "news, world", which the OPML export writes into a
            // comma-separated category (trial finding 30).
            if case .scalar(let s)? = m?["tags"], s.string.contains(",") {
                r.report(m?["tags"], "\(what): 'tags' must be a list, as in tags: [\(s.string.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", "))] (got '\(s.string)')")
            }
            var feed = FeedConfig(id: FeedID(id), url: resolved, interval: duration(m, "interval", what: what, reader: r),
                                  tags: r.strings(m, "tags", what: what), allowFile: allowFile, headers: headers)
            feed.access = parseAccess(m, reader: r, what: what, resolve: resolve)
            feed.title = r.string(m, "title", what: what).flatMap { $0.isEmpty ? nil : $0 }
            // Entries are known per feed: a document polled as two feeds is stored twice and every `per: article`
            // rule alerts twice on it (trial2 finding 8).
            let key = FeedFetchKey(url: feed.url, headers: feed.headers, access: feed.access)
            if let other = fetchedBy[key], other != feed.id {
                r.report(m?["url"], "\(what): its url is the url of feed '\(shownURL(other.rawValue))' too, fetched the same way; each entry would be stored and alerted on twice: remove one")
            } else {
                fetchedBy[key] = feed.id
            }
            feed.backlog = backlog(m, what: what, reader: r)
            feeds.append(feed)
            // The url as read, its scheme lower-cased: `ENV:NAME` is the secret the poll reads (review-configside finding 3).
            if let reference = feed.urlSecret {
                secrets.append(WrittenSecret(owner: what, reference: reference, at: m?["url"]?.mark.map(SourcePosition.init), holdsFeedURL: true))
            }
            secrets += WrittenSecret.written(in: [m?["proxy"], m?["auth"]?.mapping?["password"]], headers: m?["headers"], owner: what)
        }
        return (feeds, feedFilesNow, secrets)
    }

    /// A feed's proxy, login, TLS verification and limits.
    private static func parseAccess(_ m: Node.Mapping?, reader r: YAMLReader, what: String, resolve: (String) -> String) -> FeedAccess {
        var access = FeedAccess()
        if let raw = r.string(m, "proxy", what: what) {
            access.proxy = raw == "none" ? .direct : parseProxy(raw, node: m?["proxy"], reader: r, what: what).map(FeedAccess.Proxy.via)
        }
        if let raw = r.string(m, "proxy_ca", what: what) { access.proxyCAFile = resolve(raw) }
        if let node = m?["auth"] {
            let a = r.mapping(node, what: "'auth' of \(what)", allowed: ["user", "password"])
            let user = r.string(a, "user", what: "'auth' of \(what)", required: true)
            if let raw = r.string(a, "password", what: "'auth' of \(what)", required: true) {
                if let secret = SecretSource(reference: raw) {
                    if let user { access.login = .init(user: user, password: secret) }
                } else {
                    r.report(a?["password"], "\(what): 'password' must be env:NAME or credential:NAME; a password is never written in the config file")
                }
            }
        }
        if let v = r.bool(m, "tls_verify", what: what) { access.verifyTLS = v }
        if m?["max_size"] != nil { access.maxBytes = parseMaxSize(m, reader: r, what: what) }
        if let v = duration(m, "timeout", what: what, reader: r) { access.timeout = v }
        return access
    }

    /// A proxy URL with a scheme libcurl speaks, or a secret that holds one.
    static func parseProxy(_ raw: String, node: Node?, reader r: YAMLReader, what: String) -> SecretOrValue? {
        if let secret = SecretSource(reference: raw) { return .secret(secret) }
        let schemes = ["http://", "https://", "socks4://", "socks4a://", "socks5://", "socks5h://"]
        guard schemes.contains(where: raw.lowercased().hasPrefix) else {
            r.report(node, "\(what): 'proxy' must be a URL starting with \(schemes.joined(separator: ", ")), or none, env:NAME or credential:NAME (got '\(raw)')")
            return nil
        }
        // A login in it is a credential (configuration.md, "Proxies"), and libcurl would name it in its errors.
        if let parts = URLComponents(string: raw), parts.password != nil {
            r.report(node, "\(what): the proxy URL holds a login, a credential; write the proxy as env:NAME or credential:NAME")
            return nil
        }
        return .value(raw)
    }

    /// The file a `file:` URL names, as a feed's `url:` is read: `file:PATH` or `file://PATH`, PATH as `resolve`
    /// takes it (from the config's directory, for the config's feeds). Nil for a URL that is not `file:`.
    static func filePath(ofURL url: String, resolve: (String) -> String) -> String? {
        let url = lowercasingScheme(url)
        guard url.hasPrefix("file:") else { return nil }
        return resolve(url.hasPrefix("file://") ? String(url.dropFirst(7)) : String(url.dropFirst(5)))
    }

    /// `filePath(ofURL:resolve:)` for a URL written on the command line: a relative PATH is taken from the directory
    /// of the config at `configPath`, as the config's feeds are (from the current directory when `configPath` is nil).
    public static func filePath(ofURL url: String, configPath: String?) -> String? {
        let base = configPath.map { ($0 as NSString).deletingLastPathComponent } ?? ""
        return filePath(ofURL: url, resolve: { resolve($0, base: base) })
    }

    /// `url` with its scheme (letters before the first `:`) in lower case.
    static func lowercasingScheme(_ url: String) -> String {
        guard let colon = url.firstIndex(of: ":"), url[..<colon].allSatisfy({ $0.isASCII && $0.isLetter }) else { return url }
        return url[..<colon].lowercased() + url[colon...]
    }

    /// `max_size`: at least 1KiB, at most 1GiB.
    static func parseMaxSize(_ m: Node.Mapping?, reader r: YAMLReader, what: String) -> Int? {
        guard let raw = r.string(m, "max_size", what: what) else { return nil }
        guard let bytes = parseSize(raw), (1 << 10)...(1 << 30) ~= bytes else {
            r.report(m?["max_size"], "\(what): 'max_size' must be a size from 1KiB to 1GiB such as 16MiB (got '\(raw)')")
            return nil
        }
        return bytes
    }
}

/// What makes two feeds one document: the URL, and how it is asked for.
struct FeedFetchKey: Hashable {
    var url: String
    var headers: [String: SecretOrValue]
    var access: FeedAccess
}
