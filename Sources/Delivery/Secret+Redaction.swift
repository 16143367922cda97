import Foundation
import WirewatchCore

extension Secret {
    /// This secret and, when it is a URL, each of its parts: libcurl names the host in its
    /// errors ("Failed to connect to HOST port …"), and a URL that is a credential may carry
    /// its token in any part.
    public var withURLPieces: [Secret] {
        guard let parts = URLComponents(string: value), parts.scheme != nil else { return [self] }
        let pieces = [parts.host, parts.user, parts.password, parts.query, parts.path.count > 1 ? parts.path : nil]
        return [self] + pieces.compactMap { $0 }.filter { $0.count >= 4 }.map(Secret.init)
    }

    /// `text` with every occurrence of any of `secrets` replaced by `[redacted]`.
    public static func redact(_ text: String, _ secrets: [Secret]) -> String {
        // Longest first, so a URL is redacted whole before its parts are.
        secrets.filter { !$0.value.isEmpty }.sorted { $0.value.count > $1.value.count }.reduce(text) { $0.replacingOccurrences(of: $1.value, with: placeholder) }
    }
}
