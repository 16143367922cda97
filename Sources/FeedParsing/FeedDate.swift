import Foundation

/// Dates as feeds write them: RFC 822/1123 with the usual deviations, and
/// ISO 8601 / RFC 3339 / W3C-DTF. A date that cannot be read is nil, never "now".
public enum FeedDate {
    public static func parse(_ raw: String) -> Date? {
        var s = raw.trimmed
        // Read in place (a date is at most 64 bytes): copying it into an array
        // and slicing that cost more than the reading itself.
        return s.withUTF8 { u -> Date? in
            guard u.count >= 4, u.count <= 64 else { return nil }
            if isDigit(u[0]), isDigit(u[1]), isDigit(u[2]), isDigit(u[3]),
               u.count == 4 || u[4] == 0x2D || u[4] == 0x2F || (u.count >= 8 && isDigit(u[4]) && isDigit(u[5]) && isDigit(u[6]) && isDigit(u[7])) {
                return iso8601(u)
            }
            return rfc822(u)
        }
    }

    static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    /// Offsets in minutes. "IST" is India's; "BST" British Summer Time.
    static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "met": 60,
        "mest": 120, "eet": 120, "eest": 180, "msk": 180, "ist": 330, "sgt": 480, "hkt": 480, "awst": 480, "jst": 540,
        "kst": 540, "acst": 570, "acdt": 630, "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
        "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
        "akst": -540, "akdt": -480, "hst": -600, "ast": -240, "adt": -180, "nst": -210, "ndt": -150,
    ]

    /// "Wed, 29 Jan 2025 08:00:00 GMT", "29 Jan 25 08:00 +0100", "Wed,29 Jan 2025 8:00:00 EST",
    /// "Wednesday, 29-Jan-25 08:00:00 GMT" (RFC 850), "Wed Jan 29 08:00:00 2025" (asctime).
    /// `s` is at most 64 bytes (see `parse`).
    static func rfc822(_ s: UnsafeBufferPointer<UInt8>) -> Date? {
        // Lowercased and tokenised on the stack, by hand: `map`, `split` and
        // arrays of slices cost thousands of instructions a date.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { lower in
            withUnsafeTemporaryAllocation(of: Range<Int>.self, capacity: 64) { tokens in
                let n = s.count
                for k in 0..<n { lower[k] = s[k] >= 0x41 && s[k] <= 0x5A ? s[k] + 0x20 : s[k] }
                let lower = UnsafeBufferPointer(rebasing: lower[..<n])
                var count = 0
                func isSeparator(_ c: UInt8) -> Bool { c == 0x20 || c == 0x2C || c == 0x09 || c == 0x0A }
                var k = 0
                while k < n {
                    while k < n, isSeparator(lower[k]) { k += 1 }
                    let start = k
                    var dash = false, letter = false
                    while k < n, !isSeparator(lower[k]) {
                        dash = dash || lower[k] == 0x2D
                        letter = letter || isLetter(lower[k])
                        k += 1
                    }
                    guard k > start else { break }
                    // "29-jan-2025" → three tokens; "+0100" and "-05:00" stay whole.
                    if lower[start] != 0x2D, dash, letter {
                        var from = start
                        for j in start...k where j == k || lower[j] == 0x2D {
                            if j > from { tokens[count] = from..<j; count += 1 }
                            from = j + 1
                        }
                    } else {
                        tokens[count] = start..<k; count += 1
                    }
                }
                return rfc822(lower, tokens: UnsafeBufferPointer(rebasing: tokens[..<count]))
            }
        }
    }

    private static func rfc822(_ lower: UnsafeBufferPointer<UInt8>, tokens: UnsafeBufferPointer<Range<Int>>) -> Date? {
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset = 0
        var pm: Bool?
        for range in tokens {
            let t = lower[range.lowerBound..<(lower[range.upperBound - 1] == 0x2E ? range.upperBound - 1 : range.upperBound)]
            guard let first = t.first else { continue }
            if month == nil, t.count >= 3, t.count <= 9, let m = monthIndex(t) {
                month = m
            } else if isDigit(first), t.contains(0x3A) {
                // "h:mm" or "h:mm:ss", each part cut to two digits after the first.
                guard let c1 = t.firstIndex(of: 0x3A) else { return nil }
                let rest = t[(c1 + 1)...]
                let c2 = rest.firstIndex(of: 0x3A)
                if let c2, rest[(c2 + 1)...].contains(0x3A) { return nil }
                guard let h = number(t[..<c1]), let mi = number(rest[..<(c2 ?? rest.endIndex)].prefix(2)) else { return nil }
                hour = h; minute = mi
                if let c2 { guard let sec = number(rest[(c2 + 1)...].prefix(2)) else { return nil }; second = sec }
            } else if t.allSatisfy(isDigit) {
                guard let n = number(t) else { return nil }
                if day == nil, t.count <= 2, n >= 1, n <= 31 {
                    day = n
                } else if year == nil, t.count == 4 || t.count == 2 {
                    year = n
                } else {
                    return nil
                }
            } else if first == 0x2B || first == 0x2D {
                guard let o = numericOffset(t) else { return nil }
                offset = o
            } else if t.count > 3, (t[t.startIndex] == 0x67 && t[t.startIndex + 1] == 0x6D && t[t.startIndex + 2] == 0x74)
                        || (t[t.startIndex] == 0x75 && t[t.startIndex + 1] == 0x74 && t[t.startIndex + 2] == 0x63),
                      t[t.startIndex + 3] == 0x2B || t[t.startIndex + 3] == 0x2D {
                guard let o = numericOffset(t.dropFirst(3)) else { return nil }
                offset = o
            } else if t.count == 2, t[t.startIndex + 1] == 0x6D, first == 0x61 || first == 0x70 {
                pm = first == 0x70
            } else if t.count <= 5, let z = zones[String(decoding: t, as: UTF8.self)] {
                offset = z * 60
            } else if t.count == 1, isLetter(first) {
                offset = 0 // military zones: RFC 2822 says to read them as -0000
            }
            // Anything else (a weekday, "at", a zone name we do not know) is ignored.
        }
        guard let d = day, let m = month, var y = year else { return nil }
        if y < 100 { y += y < 50 ? 2000 : 1900 }
        if let pm {
            guard (1...12).contains(hour) else { return nil }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        return make(year: y, month: m, day: d, hour: hour, minute: minute, second: second, offset: offset)
    }

    static func isLetter(_ c: UInt8) -> Bool { c >= 0x61 && c <= 0x7A }

    /// The months' first three letters, packed: one comparison a month.
    private static let monthKeys: [UInt32] = months.map { m in m.utf8.reduce(0) { $0 << 8 | UInt32($1) } }

    /// 1–12 for a token that starts with a month's first three letters (and is all letters).
    private static func monthIndex(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard t.allSatisfy(isLetter) else { return nil }
        let i = t.startIndex
        let key = UInt32(t[i]) << 16 | UInt32(t[i + 1]) << 8 | UInt32(t[i + 2])
        return monthKeys.firstIndex(of: key).map { $0 + 1 }
    }

    private static func number(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard !t.isEmpty, t.count <= 9, t.allSatisfy(isDigit) else { return nil }
        return t.reduce(0) { $0 * 10 + Int($1 - 0x30) }
    }

    /// "+0100", "-05:00", "+01" → seconds east of UTC.
    static func numericOffset(_ t: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        let sign = t.first == 0x2D ? -1 : 1
        // The digits, colons left out (as a number: at most nine count).
        var v = 0, digits = 0
        for c in t.dropFirst() where c != 0x3A {
            guard isDigit(c) else { return nil }
            v = v &* 10 &+ Int(c - 0x30)
            digits += 1
        }
        guard digits > 0, digits <= 9 else { return nil }
        switch digits {
        case 1, 2: return sign * v * 3600
        case 3, 4: return sign * (v / 100 * 3600 + v % 100 * 60)
        default: return nil
        }
    }

    /// "2025-01-29", "2025-01", "2025", "2025-01-29T08:00Z", "2025-01-29T08:00:00.123+01:00",
    /// "2025-01-29 08:00:00", "20250129T080000Z", "2025/01/29 08:00".
    static func iso8601(_ u: UnsafeBufferPointer<UInt8>) -> Date? {
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= u.count else { return nil }
            var v = 0
            for k in 0..<digits {
                let c = u[i + k]
                guard isDigit(c) else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += digits
            return v
        }
        func skip(_ c: UInt8) -> Bool { if i < u.count, u[i] == c { i += 1; return true }; return false }
        guard let y = number(4) else { return nil }
        var m = 1, d = 1, h = 0, mi = 0, sec = 0, offset = 0
        let basic = i < u.count && isDigit(u[i])
        if basic {
            guard let mm = number(2), let dd = number(2) else { return nil }
            m = mm; d = dd
        } else if skip(0x2D) || skip(0x2F) {
            guard let v = number(2) else { return nil }
            m = v
            if skip(0x2D) || skip(0x2F) { guard let v = number(2) else { return nil }; d = v }
        }
        if i < u.count, u[i] == 0x54 || u[i] == 0x74 || u[i] == 0x20 {
            i += 1
            while i < u.count, u[i] == 0x20 { i += 1 }
            guard let hh = number(2) else { return nil }
            h = hh
            _ = skip(0x3A)
            guard let mm = number(2) else { return nil }
            mi = mm
            if skip(0x3A) || (basic && i < u.count && isDigit(u[i])) { guard let ss = number(2) else { return nil }; sec = ss }
            if skip(0x2E) || skip(0x2C) { while i < u.count, isDigit(u[i]) { i += 1 } }
            while i < u.count, u[i] == 0x20 { i += 1 }
            if i < u.count {
                if u[i] == 0x5A || u[i] == 0x7A {
                    i += 1
                } else if u[i] == 0x2B || u[i] == 0x2D {
                    let sign = u[i] == 0x2D ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = skip(0x3A)
                    let om = number(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                } else {
                    let zone = String(decoding: u[i...], as: UTF8.self).trimmed.lowercased()
                    guard let z = zones[zone] else { return nil }
                    offset = z * 60
                    i = u.count
                }
            }
        }
        guard i == u.count else { return nil }
        return make(year: y, month: m, day: d, hour: h, minute: mi, second: sec, offset: offset)
    }

    /// Days from the civil date (Howard Hinnant's algorithm), so no Calendar is needed.
    static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Date? {
        guard (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day), (0...24).contains(hour),
              (0...59).contains(minute), (0...60).contains(second), (1000...9999).contains(year),
              hour < 24 || (minute == 0 && second == 0) else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86400 + hour * 3600 + minute * 60 + min(second, 59) - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
