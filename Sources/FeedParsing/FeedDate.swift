import Foundation

/// Dates as feeds write them: RFC 822/1123 with the usual deviations, and
/// ISO 8601 / RFC 3339 / W3C-DTF. A date that cannot be read is nil, never "now".
public enum FeedDate {
    public static func parse(_ raw: String) -> Date? {
        let s = raw.trimmed
        guard let first = s.unicodeScalars.first else { return nil }
        if first.properties.numericType != nil, s.count >= 4, s.unicodeScalars.dropFirst(4).first == "-" || s.count == 4 {
            return iso8601(s)
        }
        return rfc822(s)
    }

    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "gmt": 0, "ut": 0, "utc": 0, "z": 0,
        "est": -5, "edt": -4, "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
        "cet": 1, "cest": 2, "bst": 1, "ist": 5, "jst": 9, "eet": 2, "eest": 3, "wet": 0, "west": 1,
    ]

    /// "Wed, 29 Jan 2025 08:00:00 GMT", "29 Jan 25 08:00 +0100", "Wed,29 Jan 2025 8:00:00 EST"
    static func rfc822(_ s: String) -> Date? {
        let tokens = s.lowercased().split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
        var day: Int?, month: Int?, year: Int?
        var hour = 0, minute = 0, second = 0
        var offset = 0
        for t in tokens {
            if let m = months.firstIndex(where: { t.hasPrefix($0) }), month == nil, t.count <= 9 {
                month = m + 1
            } else if t.contains(":") {
                let parts = t.split(separator: ":").map { Int($0) }
                guard parts.count >= 2, let h = parts[0], let mi = parts[1] else { return nil }
                hour = h; minute = mi
                if parts.count > 2 { guard let sec = parts[2] else { return nil }; second = sec }
            } else if let n = Int(t), !t.hasPrefix("+"), !t.hasPrefix("-") {
                if day == nil, n >= 1, n <= 31, t.count <= 2 { day = n } else if year == nil { year = n }
            } else if t.hasPrefix("+") || t.hasPrefix("-"), t.count == 5, let v = Int(t.dropFirst()) {
                offset = (v / 100 * 3600 + v % 100 * 60) * (t.hasPrefix("-") ? -1 : 1)
            } else if let z = zones[t] {
                offset = z * 3600
            }
        }
        guard let d = day, let m = month, var y = year else { return nil }
        if y < 100 { y += y < 50 ? 2000 : 1900 }
        return make(year: y, month: m, day: d, hour: hour, minute: minute, second: second, offset: offset)
    }

    /// "2025-01-29", "2025-01-29T08:00Z", "2025-01-29T08:00:00.123+01:00", "2025-01-29 08:00:00"
    static func iso8601(_ s: String) -> Date? {
        let u = Array(s.utf8)
        var i = 0
        func number(_ digits: Int) -> Int? {
            guard i + digits <= u.count else { return nil }
            var v = 0
            for k in 0..<digits {
                let c = u[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += digits
            return v
        }
        func skip(_ c: UInt8) -> Bool { if i < u.count, u[i] == c { i += 1; return true }; return false }
        guard let y = number(4) else { return nil }
        var m = 1, d = 1, h = 0, mi = 0, sec = 0, offset = 0
        if skip(45) { guard let v = number(2) else { return nil }; m = v
            if skip(45) { guard let v = number(2) else { return nil }; d = v }
        }
        if i < u.count, u[i] == 84 || u[i] == 116 || u[i] == 32 {
            i += 1
            guard let hh = number(2), skip(58), let mm = number(2) else { return nil }
            h = hh; mi = mm
            if skip(58) { guard let ss = number(2) else { return nil }; sec = ss }
            if skip(46) || skip(44) { while i < u.count, u[i] >= 48, u[i] <= 57 { i += 1 } }
            _ = skip(32)
            if i < u.count {
                if u[i] == 90 || u[i] == 122 { i += 1 } else if u[i] == 43 || u[i] == 45 {
                    let sign = u[i] == 45 ? -1 : 1
                    i += 1
                    guard let oh = number(2) else { return nil }
                    _ = skip(58)
                    let om = number(2) ?? 0
                    offset = sign * (oh * 3600 + om * 60)
                }
            }
        }
        return make(year: y, month: m, day: d, hour: h, minute: mi, second: sec, offset: offset)
    }

    /// Days from the civil date (Howard Hinnant's algorithm), so no Calendar is needed.
    static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offset: Int) -> Date? {
        guard (1...12).contains(month), (1...31).contains(day), (0...24).contains(hour), (0...59).contains(minute), (0...60).contains(second) else { return nil }
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
