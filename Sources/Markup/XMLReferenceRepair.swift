import CLibXML2
import Glibc

/// Rewrites a UTF-8 document's references before libxml2 reads it, so that
/// it reads them as a browser would and nothing is lost in recovery mode:
///
/// - every named reference becomes the character itself (`&rsquo;`, `&nbsp;`:
///   HTML names that no DTD declares) or, where the character would be
///   markup or whitespace, a numeric reference (also for the five XML names,
///   because libxml2 drops even `&amp;` once a document has had its first error);
/// - a reference to anything else (`&lol;`, a document-declared entity) and a
///   bare `&` (`AT&T`) become literal text, so no entity is ever expanded;
/// - numeric references to C1 controls (`&#150;`) read as windows-1252, as
///   browsers do; references to characters XML forbids become U+FFFD;
/// - control characters XML forbids are dropped (libxml2 stops at them).
///
/// - a `<` that cannot start markup (`1 < 2`) becomes text: libxml2 halts on it;
/// - HTML's void elements (`<br>`, `<img …>`) left open in XHTML content are
///   closed, and their stray end tags (`</br>`) dropped.
///
/// CDATA sections and comments are copied as they are, but for the controls.
enum XMLReferenceRepair {
    /// Streams the repaired document to `emit` in pieces of about `piece`
    /// bytes, the last one flagged, so that it is never held whole (libxml2
    /// reads it as it comes); `emit` returns false to be sent no more.
    /// Returns false, having sent nothing, when `input` needs no repair.
    static func repair(_ input: UnsafeBufferPointer<UInt8>, piece: Int,
                       emit: (UnsafeBufferPointer<UInt8>, _ last: Bool) -> Bool) -> Bool {
        var dropped = DroppedControls()
        return repair(input, piece: piece, dropped: &dropped, emit: emit)
    }

    /// Also counts the control characters it drops.
    static func repair(_ input: UnsafeBufferPointer<UInt8>, piece: Int, dropped: inout DroppedControls,
                       emit: (UnsafeBufferPointer<UInt8>, _ last: Bool) -> Bool) -> Bool {
        let n = input.count
        let out = ByteBuffer() // sized on the first flush: a document that needs no repair needs no buffer
        var sent = false, stopped = false
        var copied = 0 // input[..<copied] has been dealt with
        var i = 0
        func send(last: Bool) {
            // The last two bytes stay: the "]]>" check below looks back at them.
            let keep = last ? 0 : min(2, out.count)
            if !stopped {
                stopped = !emit(UnsafeBufferPointer(rebasing: out.bytes[..<(out.count - keep)]), last)
            }
            out.removeFirst(out.count - keep)
            sent = true
        }
        func flush(to end: Int) {
            if !sent, out.isEmpty { out.reserve(min(n + n / 16, piece) + 64) }
            var from = copied
            while from < end {
                let k = min(end - from, max(piece - out.count, 1))
                out.append(UnsafeBufferPointer(rebasing: input[from..<(from + k)]))
                from += k
                if out.count >= piece { send(last: false) }
            }
        }
        let raw = UnsafeRawBufferPointer(input)
        while i < n {
            // Eight bytes at a time while none is "&", "<" or below 0x20.
            while i + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let hits = zeroBytes(w ^ 0x2626_2626_2626_2626) | zeroBytes(w ^ 0x3C3C_3C3C_3C3C_3C3C) | bytesBelow0x20(w)
                // The lowest flagged byte is a true hit (false ones lie only above one): go straight to it.
                if hits != 0 { i += hits.trailingZeroBitCount >> 3; break }
                i += 8
            }
            guard i < n else { break }
            let b = input[i]
            if b >= 0x3D || (b > 0x26 && b != 0x3C) || b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || (b > 0x20 && b < 0x26) {
                i += 1
                continue
            }
            if b == 0x3C { // "<": skip CDATA sections and comments untouched
                if let end = skipVerbatim(input, from: i) {
                    // Controls inside are still dropped, as everywhere.
                    var k = i
                    while k < end {
                        // Eight bytes at a time while none is below 0x20 (CDATA bodies are long),
                        // then straight to the first that is (a line break, mostly).
                        if k + 8 <= end {
                            let hits = bytesBelow0x20(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                            if hits == 0 { k += 8; continue }
                            k += hits.trailingZeroBitCount >> 3
                        }
                        if input[k] < 0x20, input[k] != 0x09, input[k] != 0x0A, input[k] != 0x0D {
                            dropped.note(input[k], at: k)
                            flush(to: k); copied = k + 1
                        }
                        k += 1
                    }
                    i = end
                } else if let fix = VoidElement.fix(input, at: i) {
                    // HTML's void elements written without "/>" (or closed
                    // by a stray end tag) would leave an element open and
                    // push every later entry one level deeper.
                    switch fix {
                    case .selfClose(let slashAt):
                        flush(to: slashAt)
                        out.append(0x2F)
                        copied = slashAt
                        i = slashAt
                    case .drop(let end):
                        flush(to: i)
                        copied = end
                        i = end
                    }
                } else if i + 1 < n, !startsMarkup(input[i + 1]) {
                    // "1 < 2" in content: a "<" that starts no tag stops libxml2 outright.
                    flush(to: i)
                    numeric(60).write(to: out)
                    i += 1
                    copied = i
                } else {
                    i += 1
                }
                continue
            }
            if b < 0x20 { // a control character XML 1.0 forbids
                dropped.note(b, at: i)
                flush(to: i)
                i += 1
                copied = i
                continue
            }
            // "&"
            let (length, replacement) = reference(input, at: i)
            if var replacement {
                flush(to: i)
                if replacement.isGreaterThan, out.count >= 2, out[out.count - 1] == 0x5D, out[out.count - 2] == 0x5D {
                    replacement = numeric(62) // "]]>" may not stand in text
                }
                replacement.write(to: out)
                i += length
                copied = i
            } else {
                i += length
            }
        }
        guard copied > 0 || sent || !out.isEmpty else { return false }
        flush(to: n)
        send(last: true)
        return true
    }

    /// What may follow a "<" in XML: a name, "/", "!" or "?".
    private static func startsMarkup(_ c: UInt8) -> Bool {
        (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A || c == 0x5F || c == 0x3A || c == 0x2F || c == 0x21 || c == 0x3F || c >= 0x80
    }

    /// The top bit of each zero byte of `v`: exact up to the first (a borrow can flag bytes above it).
    @inline(__always)
    private static func zeroBytes(_ v: UInt64) -> UInt64 {
        (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080
    }

    @inline(__always)
    private static func bytesBelow0x20(_ v: UInt64) -> UInt64 {
        (v &- 0x2020_2020_2020_2020) & ~v & 0x8080_8080_8080_8080
    }

    /// The end of the CDATA section or comment starting at `i`, if one does.
    private static func skipVerbatim(_ s: UnsafeBufferPointer<UInt8>, from i: Int) -> Int? {
        let n = s.count
        guard i + 3 < n, s[i + 1] == 0x21 else { return nil } // "<!"
        if s[i + 2] == 0x2D, s[i + 3] == 0x2D { // "<!--"
            return s.firstIndex(ofBytes: [0x2D, 0x2D, 0x3E], from: i + 4).map { $0 + 3 } ?? n
        }
        let cdata: [UInt8] = Array("<![CDATA[".utf8)
        guard i + cdata.count <= n else { return nil }
        for k in 0..<cdata.count where s[i + k] != cdata[k] { return nil }
        return s.firstIndex(ofBytes: [0x5D, 0x5D, 0x3E], from: i + cdata.count).map { $0 + 3 } ?? n
    }

    private static var ampersand: Replacement { numeric(38) }

    /// For the `&` at `i`: how many bytes the reference spans, and what to
    /// write instead (nil: keep it as it is).
    private static func reference(_ s: UnsafeBufferPointer<UInt8>, at i: Int) -> (Int, Replacement?) {
        let n = s.count
        var j = i + 1
        if j < n, s[j] == 0x23 { // "&#"
            j += 1
            var hex = false
            if j < n, s[j] == 0x78 || s[j] == 0x58 { hex = true; j += 1 }
            var value: UInt32 = 0
            let digitsStart = j
            while j < n, j - digitsStart < 10, let d = digit(s[j], hex: hex) {
                value = value &* (hex ? 16 : 10) &+ d
                j += 1
            }
            guard j > digitsStart, j < n, s[j] == 0x3B else { return (1, ampersand) }
            let fixed = allowed(value)
            if fixed == value { return (j + 1 - i, nil) }
            return (j + 1 - i, character(fixed))
        }
        while j < n, j - i <= 32, isNameByte(s[j]) { j += 1 }
        guard j > i + 1, j < n, s[j] == 0x3B else { return (1, ampersand) }
        if let code = predefined(s, from: i + 1, to: j) ?? htmlEntity(s, from: i + 1, to: j) {
            return (j + 1 - i, character(code))
        }
        return (1, ampersand)
    }

    /// `code` as UTF-8 where libxml2 reads it the same as its reference, in
    /// text and in attribute values alike (and without a reference's parse
    /// and text event of its own); else as a numeric reference: markup
    /// characters, quotes, and whitespace and controls, which attribute
    /// values and line ends normalise.
    private static func character(_ code: UInt32) -> Replacement {
        switch code {
        // "]" too: "&#93;&#93;>" written out would end a CDATA section that was never opened.
        case 0...0x20, 0x22, 0x26, 0x27, 0x3C, 0x5D, 0x7F: return numeric(code)
        case 0x3E: var r = Replacement(); r.append(0x3E); return r // see `isGreaterThan`
        default: break
        }
        var r = Replacement()
        if code < 0x80 {
            r.append(UInt8(code))
        } else if code < 0x800 {
            r.append(UInt8(0xC0 | code >> 6)); r.append(UInt8(0x80 | code & 0x3F))
        } else if code < 0x10000 {
            r.append(UInt8(0xE0 | code >> 12)); r.append(UInt8(0x80 | code >> 6 & 0x3F)); r.append(UInt8(0x80 | code & 0x3F))
        } else {
            r.append(UInt8(0xF0 | code >> 18)); r.append(UInt8(0x80 | code >> 12 & 0x3F))
            r.append(UInt8(0x80 | code >> 6 & 0x3F)); r.append(UInt8(0x80 | code & 0x3F))
        }
        return r
    }

    private static func digit(_ c: UInt8, hex: Bool) -> UInt32? {
        if c >= 0x30, c <= 0x39 { return UInt32(c - 0x30) }
        guard hex else { return nil }
        if c >= 0x61, c <= 0x66 { return UInt32(c - 0x61 + 10) }
        if c >= 0x41, c <= 0x46 { return UInt32(c - 0x41 + 10) }
        return nil
    }

    /// The character a browser shows for `&#value;`, as XML allows it.
    static func allowed(_ value: UInt32) -> UInt32 {
        switch value {
        case 0x09, 0x0A, 0x0D: return value
        case 0x80...0x9F: return Windows1252.scalar(UInt8(value))
        case 0..<0x20, 0xD800...0xDFFF, 0xFFFE, 0xFFFF, 0x110000...: return 0xFFFD
        default: return value
        }
    }

    private static func numeric(_ code: UInt32) -> Replacement {
        var r = Replacement()
        r.append(0x26); r.append(0x23)
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = code
        withUnsafeMutableBytes(of: &digits) { d in
            repeat { d[count] = UInt8(v % 10) + 0x30; v /= 10; count += 1 } while v > 0 && count < 7
            for k in stride(from: count - 1, through: 0, by: -1) { r.append(d[k]) }
        }
        r.append(0x3B)
        return r
    }

    /// A replacement reference ("&#8212;"), short enough to live on the stack.
    struct Replacement {
        var bytes: (UInt64, UInt64) = (0, 0)
        var count = 0
        mutating func append(_ b: UInt8) {
            withUnsafeMutableBytes(of: &bytes) { $0[count] = b }
            count += 1
        }
        /// A bare ">": the caller keeps it a reference after "]]".
        var isGreaterThan: Bool { count == 1 && bytes.0 == 0x3E }
        func write(to out: ByteBuffer) {
            withUnsafeBytes(of: bytes) { out.append(UnsafeBufferPointer(start: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: count)) }
        }
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
    }

    private static func predefined(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> UInt32? {
        switch to - from {
        case 2 where s[from + 1] == 0x74: // lt, gt
            return s[from] == 0x6C ? 60 : (s[from] == 0x67 ? 62 : nil)
        case 3 where s[from] == 0x61 && s[from + 1] == 0x6D && s[from + 2] == 0x70: return 38
        case 4 where s[from] == 0x71 && s[from + 1] == 0x75 && s[from + 2] == 0x6F && s[from + 3] == 0x74: return 34
        case 4 where s[from] == 0x61 && s[from + 1] == 0x70 && s[from + 2] == 0x6F && s[from + 3] == 0x73: return 39
        default: return nil
        }
    }

    private static func htmlEntity(_ s: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> UInt32? {
        HTMLEntities.code(UnsafeBufferPointer(rebasing: s[from..<to]))
    }
}
