import Foundation

/// Text cut to a chat service's field limit. Services count "characters" as code points
/// (Discord, ntfy's bytes aside) or UTF-16 units (Slack, Teams); a Swift `prefix` counts
/// graphemes, of which a Hindi word or a family emoji packs several code points, so a
/// headline cut to 2,000 graphemes could still be refused (a 4xx: a dead letter at once).
/// UTF-16 units are never fewer than either count; the cut falls between graphemes.
extension String {
    /// At most `limit` UTF-16 units, ending in "…" when cut.
    func clipped(toUTF16 limit: Int) -> String {
        clipped(limit) { $0.utf16.count }
    }

    /// At most `limit` bytes of UTF-8, ending in "…" when cut (ntfy limits bytes).
    func clipped(toUTF8 limit: Int) -> String {
        clipped(limit) { $0.utf8.count }
    }

    private func clipped(_ limit: Int, measure: (Substring) -> Int) -> String {
        if measure(self[...]) <= limit { return self }
        let room = limit - measure("…")
        guard room > 0 else { return "" }
        var used = 0
        var end = startIndex
        for c in self {
            let n = measure(Substring(String(c)))
            if used + n > room { break }
            used += n
            end = index(after: end)
        }
        return self[..<end] + "…"
    }
}
