import Delivery
import Fetching
import Foundation
import YAMLFiles
import Yams

/// What feeds and webhook sinks share: request headers, an HTTP URL, and the
/// durations that must not be zero.
extension ConfigLoader {
    /// `headers:`, a mapping of `Name: value` (a value may be env:NAME or credential:NAME).
    /// A name that is not an HTTP token, or a value with a line break, would let the
    /// config write a second header (or a body) into the request.
    static func parseHeaders(_ node: Node?, reader r: YAMLReader, what: String) -> [String: SecretOrValue] {
        guard let node else { return [:] }
        guard let map = node.mapping else {
            r.report(node, "\(what): headers must be a mapping of 'Name: value'")
            return [:]
        }
        var headers: [String: SecretOrValue] = [:]
        for (k, v) in map {
            guard let name = k.string, let value = v.string else { r.report(k, "\(what): headers must be 'Name: value' pairs"); continue }
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isTokenCharacter) else {
                r.report(k, "\(what): '\(name)' is not a header name (letters, digits and !#$%&'*+-.^_`|~ only, no spaces or colons)")
                continue
            }
            guard !FetchRequest.breaksHeaderLine(value) else {
                r.report(v, "\(what): header '\(name)' must be one line")
                continue
            }
            if let reference = SecretSource(reference: value) {
                headers[name] = .secret(reference)
            } else if holdsCredential(header: name) {
                r.report(v, "\(what): header '\(name)' holds a credential; write its value as env:NAME or credential:NAME, never in the config file")
            } else {
                headers[name] = .value(value)
            }
        }
        return headers
    }

    /// Headers whose value is a credential by its name: written in the config, it would be in a file that is
    /// often world-readable (configuration.md, "Secrets").
    static func holdsCredential(header name: String) -> Bool {
        let n = name.lowercased()
        return ["authorization", "proxy-authorization", "cookie"].contains(n)
            || ["token", "secret", "password", "api-key", "apikey"].contains { n.contains($0) }
    }

    /// RFC 9110's `tchar`.
    private static func isTokenCharacter(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (CharacterSet.alphanumerics.contains(c) || "!#$%&'*+-.^_`|~".unicodeScalars.contains(c))
    }

    /// Why an `http://` or `https://` URL cannot be fetched as written, or nil.
    private static func httpURLProblem(_ url: String) -> String? {
        if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) { return "has a space or control character in it" }
        guard let parts = URLComponents(string: url) else { return "is not a URL" }
        if (parts.host ?? "").isEmpty { return "names no host" }
        return nil
    }

    /// What keeps a feed from being polled, or a webhook from being called, at a URL as
    /// written. Feeds, webhooks and `opml import` ask the same question, so that an
    /// import never writes a feed the config then refuses.
    enum FeedURLProblem: Equatable {
        /// Not `http://` or `https://` (a config's `file:` URL is read apart).
        case scheme
        /// Why the URL cannot be fetched (httpURLProblem's words).
        case unfetchable(String)
        /// `user:password@`, a credential in the config file.
        case password
        /// A query parameter that carries a credential (`token=`, ntfy's `auth=`), as written.
        case credentialInQuery(String)
    }

    /// Query parameters that carry a credential (ntfy's `auth`, a token).
    static let credentialQueryKeys: Set = ["auth", "token", "access_token", "api_key", "apikey"]

    static func feedURLProblem(_ url: String) -> FeedURLProblem? {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else { return .scheme }
        if let problem = httpURLProblem(url) { return .unfetchable(problem) }
        return credential(in: url)
    }

    /// A password in `url`, or a query parameter that carries a credential, whatever its scheme.
    private static func credential(in url: String) -> FeedURLProblem? {
        if urlHoldsPassword(url) { return .password }
        // A token in the query is as much a credential as a password (trial2 finding 31): the URL is then a secret.
        return URLComponents(string: url)?.queryItems?.first { credentialQueryKeys.contains($0.name.lowercased()) }
            .map { .credentialInQuery($0.name) }
    }

    /// `url` as a message may show it: one that holds a password or a token (or that is no URL, so that
    /// nobody can tell) without its login and query, only where it points. A feed without an `id` is named
    /// by its url, and a refusal of the token printed the very token it refused (review-configside finding 7).
    static func shownURL(_ url: String) -> String {
        let bare = withoutLoginAndQuery(url)
        guard bare != url, URLComponents(string: url) == nil || credential(in: url) != nil else { return url }
        return bare + " (login or query left out)"
    }

    /// `url` without `user:password@`, query and fragment. Read as text, not by `URLComponents`, so that a
    /// URL that is not one (a space in it, a `?` in the password) loses them too.
    static func withoutLoginAndQuery(_ url: String) -> String {
        let afterScheme = url.range(of: "://")?.upperBound ?? url.startIndex
        // The authority ends at the first '/', '?' or '#' (RFC 3986): ended at '/' only, an '@' in a pathless URL's
        // query was taken for the login's end, and the token after it shown (review of configmend, 3).
        let authorityEnd = url[afterScheme...].firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? url.endIndex
        var rest = url[afterScheme...]
        if let at = url[afterScheme..<authorityEnd].lastIndex(of: "@") { rest = url[url.index(after: at)...] }
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) { rest = rest[..<cut] }
        return String(url[..<afterScheme]) + rest
    }

    /// A URL with `user:password@` in it puts a credential in a file that is often world-readable,
    /// and in `wirewatch feeds`, `opml export` and the logs.
    private static func urlHoldsPassword(_ url: String) -> Bool {
        !(URLComponents(string: url)?.password ?? "").isEmpty
    }

    /// A duration that must be at least a second (or `minimum`, written as the message says it):
    /// an interval of 0 would poll a server in a loop.
    /// `because`: what less would do, said after the bound.
    static func duration(_ m: Node.Mapping?, _ key: String, what: String, atLeast minimum: (seconds: TimeInterval, written: String) = (1, "1s"),
                         because: String? = nil, reader r: YAMLReader) -> Double? {
        guard let v = r.duration(m, key, what: what) else { return nil }
        guard v >= minimum.seconds else {
            r.report(m?[key], "'\(key)' in \(what) must be at least \(minimum.written)\(because.map { ": " + $0 } ?? "") (got '\(m?[key]?.string ?? "\(v)")')")
            return nil
        }
        return v
    }
}
