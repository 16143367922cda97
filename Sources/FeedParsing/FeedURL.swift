import Foundation

/// Resolves relative links against `xml:base` or the feed's own URL.
enum FeedURL {
    static func resolve(_ link: String, against base: String) -> String {
        let trimmed = link.trimmed
        if trimmed.contains("://") || trimmed.hasPrefix("mailto:") { return trimmed }
        guard let baseURL = URL(string: base), let resolved = URL(string: trimmed, relativeTo: baseURL) else { return trimmed }
        return resolved.absoluteString
    }
}
