import Foundation

/// IMF-fixdate, RFC 850 and asctime, as RFC 9110 asks a recipient to accept.
/// Parsed by hand: every response carries a Date header, and a DateFormatter per
/// header cost more CPU than the rest of a 304 poll.
public enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    public static func parse(_ s: String) -> Date? {
        var day: Int?, year: Int?, month: Int?, clock: (Int, Int, Int)?
        var offset = 0
        for field in s.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }) {
            if field.contains(":") {
                let parts = field.split(separator: ":").map { Int($0) }
                guard parts.count == 3, let h = parts[0], let m = parts[1], let sec = parts[2] else { return nil }
                clock = (h, m, sec)
            } else if let sign = field.first, sign == "+" || sign == "-", field.count == 5, let hhmm = Int(field.dropFirst()) {
                offset = (sign == "-" ? -1 : 1) * ((hhmm / 100) * 3600 + (hhmm % 100) * 60)
            } else {
                // RFC 850 writes the date as 06-Nov-94.
                for token in field.split(separator: "-") {
                    if let n = Int(token) {
                        if day == nil { day = n } else if year == nil { year = token.count == 2 ? (n < 70 ? 2000 + n : 1900 + n) : n }
                    } else if let m = months.firstIndex(of: token.prefix(3).lowercased()), token.count == 3 {
                        month = m + 1
                    }
                    // Weekday names and "GMT" carry nothing the other fields lack.
                }
            }
        }
        guard let day, let year, let month, let (h, m, sec) = clock,
              (1...31).contains(day), (1...9999).contains(year), h < 24, m < 60, sec <= 60 else { return nil }
        let seconds = daysFromCivil(year: year, month: month, day: day) * 86400 + h * 3600 + m * 60 + sec - offset
        return Date(timeIntervalSince1970: TimeInterval(seconds))
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
