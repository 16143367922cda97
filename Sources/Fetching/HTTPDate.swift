import Foundation

/// IMF-fixdate, RFC 850 and asctime, as RFC 9110 asks a recipient to accept.
/// Parsed by hand: every response carries a Date header, and a DateFormatter per
/// header cost more CPU than the rest of a 304 poll.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func parse(_ s: String) -> Date? {
        var day: Int?, year: Int?, month: Int?, clock: (Int, Int, Int)?
        var offset = 0
        var text = s
        return text.withUTF8 { bytes -> Date? in
            var i = 0
            while i < bytes.count {
                let c = bytes[i]
                if c == 0x20 || c == 0x2C || c == 0x09 {
                    i += 1
                    continue
                }
                // One field: digits (day, year, or the start of hh:mm:ss), letters (month,
                // weekday, zone), or a numeric zone offset like +0100 after a blank.
                if c == 0x2B || c == 0x2D, i > 0, bytes[i - 1] == 0x20, i + 5 <= bytes.count, let hhmm = number(bytes, i + 1, 4) {
                    offset = (c == 0x2D ? -1 : 1) * ((hhmm / 100) * 3600 + (hhmm % 100) * 60)
                    i += 5
                } else if isDigit(c) {
                    var j = i
                    while j < bytes.count, isDigit(bytes[j]) { j += 1 }
                    guard let n = number(bytes, i, j - i) else { return nil }
                    if j < bytes.count, bytes[j] == 0x3A {
                        guard j + 6 <= bytes.count, bytes[j + 3] == 0x3A,
                              let m = number(bytes, j + 1, 2), let sec = number(bytes, j + 4, 2) else { return nil }
                        clock = (n, m, sec)
                        j += 6
                    } else if day == nil {
                        day = n
                    } else if year == nil {
                        // RFC 850's two-digit years: 70-99 are 19xx, the rest 20xx.
                        year = j - i == 2 ? (n < 70 ? 2000 + n : 1900 + n) : n
                    }
                    i = j
                } else if isAlpha(c) {
                    var j = i
                    while j < bytes.count, isAlpha(bytes[j]) { j += 1 }
                    if j - i == 3, month == nil {
                        let key = (Int(bytes[i] | 0x20) << 16) | (Int(bytes[i + 1] | 0x20) << 8) | Int(bytes[i + 2] | 0x20)
                        if let m = monthKeys.firstIndex(of: key) { month = m + 1 }
                    }
                    // Weekday names and "GMT" carry nothing the other fields lack.
                    i = j
                } else if c == 0x2D {
                    i += 1  // the dashes of RFC 850's 06-Nov-94
                } else {
                    return nil
                }
            }
            guard let day, let year, let month, let (h, m, sec) = clock,
                  (1...31).contains(day), (1...9999).contains(year), h < 24, m < 60, sec <= 60 else { return nil }
            let seconds = daysFromCivil(year: year, month: month, day: day) * 86400 + h * 3600 + m * 60 + sec - offset
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    private static let monthKeys: [Int] = months.map { m in m.utf8.reduce(0) { ($0 << 8) | Int($1) } }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A }
    private static func number(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ count: Int) -> Int? {
        guard count > 0, count <= 9, at + count <= b.count else { return nil }
        var n = 0
        for k in at..<(at + count) {
            guard isDigit(b[k]) else { return nil }
            n = n * 10 + Int(b[k] - 0x30)
        }
        return n
    }

    public static func format(_ d: Date) -> String {
        let total = Int(d.timeIntervalSince1970.rounded(.down))
        let days = total >= 0 ? total / 86400 : (total - 86399) / 86400
        let secs = total - days * 86400
        let (y, mo, da) = civilFromDays(days)
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][((days % 7) + 7) % 7]
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(weekday), \(two(da)) \(months[mo - 1].capitalized) \(y) \(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60)) GMT"
    }

    // Howard Hinnant's days_from_civil / civil_from_days, proleptic Gregorian.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    private static func civilFromDays(_ z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
