import Foundation

/// Resolves relative links against `xml:base` or the feed's own URL.
enum FeedURL {
    static func resolve(_ link: String, against base: String?) -> String {
        let trimmed = link.trimmed
        guard let base, !base.isEmpty, !isAbsolute(trimmed) else { return trimmed }
        if let origin = origin(of: base), let joined = joined(trimmed, to: origin) { return joined }
        guard let baseURL = URL(string: base), let resolved = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return resolved.absoluteString
    }

    /// A resolver for one base, which parses the base once (content has many links).
    static func resolver(against base: String?) -> ((String) -> String)? {
        guard let base, !base.isEmpty else { return nil }
        // Both read on the first link that needs them: most bodies have none,
        // or only absolute ones.
        var origin: String??
        var baseURL: URL??
        return { link in
            let trimmed = link.trimmed
            if trimmed.utf8.first == 0x2F {
                if origin == nil { origin = .some(Self.origin(of: base)) }
                if let o = origin ?? nil, let joined = joined(trimmed, to: o) { return joined }
            }
            guard !isAbsolute(trimmed) else { return trimmed }
            if baseURL == nil { baseURL = .some(URL(string: base)) }
            guard let parsed = baseURL ?? nil, let resolved = URL(string: trimmed, relativeTo: parsed) else { return trimmed }
            return resolved.absoluteString
        }
    }

    /// Has a scheme ("https:", "mailto:", "urn:"…).
    static func isAbsolute(_ s: String) -> Bool {
        var i = 0 // (`enumerated()` cost more than the test)
        for c in s.utf8 {
            if c == UInt8(ascii: ":") { return i > 0 }
            let letter = (c >= 0x61 && c <= 0x7A) || (c >= 0x41 && c <= 0x5A)
            if !(letter || (i > 0 && ((c >= 0x30 && c <= 0x39) || c == 0x2B || c == 0x2D || c == 0x2E))) { return false }
            i += 1
        }
        return false
    }

    static func isWeb(_ s: String) -> Bool {
        let l = s.prefix(8).lowercased()
        return l.hasPrefix("http://") || l.hasPrefix("https://")
    }

    /// The base for an element: its own `xml:base` resolved against its parent's.
    static func base(of node: XMLNode, parent: String?) -> String? {
        guard let b = node.attribute("base", namespace: Namespace.xml) else { return parent }
        return resolve(b, against: parent)
    }
}
