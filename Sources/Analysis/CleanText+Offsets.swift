import Foundation

/// Clean text that remembers where each of its scalars came from in the text
/// it was made from, so that offsets found in the clean text can be reported
/// in the caller's own text (`wirewatch analyze --batch`).
public struct MappedText: Sendable {
    public var text: String
    public var repairedMojibake: Bool
    /// Per scalar of `text`: the scalars of the source it stands for.
    var from: [Range<Int>]

    /// The source range for the clean-text range `start..<end` (scalar offsets).
    public func sourceRange(start: Int, end: Int) -> Range<Int> {
        guard !from.isEmpty else { return start..<end }
        let a = from[min(start, from.count - 1)].lowerBound
        let b = end > 0 ? from[min(end - 1, from.count - 1)].upperBound : a
        return a..<max(a, b)
    }
}

extension CleanText {
    /// Plain text → clean text with its source offsets: paragraphs kept,
    /// other whitespace collapsed, mojibake repaired, NFC.
    public static func mapped(plain: String) -> MappedText {
        let source = Array(plain.unicodeScalars)
        // Whitespace, as `paragraphs` does it.
        var scalars: [Unicode.Scalar] = []
        var from: [Range<Int>] = []
        scalars.reserveCapacity(source.count)
        from.reserveCapacity(source.count)
        var pendingSpace = false
        var newlines = 0
        var gapStart = 0
        for (i, c) in source.enumerated() {
            if c == "\n" || c == " " || c == "\t" || c == "\r" || (!c.isASCII && c.properties.isWhitespace) {
                if !pendingSpace && newlines == 0 { gapStart = i }
                if c == "\n" { newlines += 1 }
                pendingSpace = true
                continue
            }
            if !scalars.isEmpty {
                if newlines >= 2 {
                    scalars += ["\n", "\n"]; from += [gapStart..<(gapStart + 1), gapStart..<(gapStart + 1)]
                } else if pendingSpace || newlines == 1 {
                    scalars.append(" "); from.append(gapStart..<(gapStart + 1))
                }
            }
            newlines = 0
            pendingSpace = false
            scalars.append(c)
            from.append(i..<(i + 1))
        }
        let (fixed, fixedFrom, repaired) = Mojibake.repair(scalars: scalars)
        var outFrom = fixedFrom.map { from[$0.lowerBound].lowerBound..<from[$0.upperBound - 1].upperBound }
        var out = fixed
        if !fixed.allSatisfy({ $0.value < 0x300 }) {
            // NFC one character at a time, so that each composed scalar keeps its source.
            var composed: [Unicode.Scalar] = []
            var composedFrom: [Range<Int>] = []
            var k = 0
            for ch in String(String.UnicodeScalarView(fixed)) {
                let n = ch.unicodeScalars.count
                let range = outFrom[k].lowerBound..<outFrom[k + n - 1].upperBound
                for c in String(ch).precomposedStringWithCanonicalMapping.unicodeScalars {
                    composed.append(c)
                    composedFrom.append(range)
                }
                k += n
            }
            out = composed
            outFrom = composedFrom
        }
        return MappedText(text: String(String.UnicodeScalarView(out)), repairedMojibake: repaired, from: outFrom)
    }
}
