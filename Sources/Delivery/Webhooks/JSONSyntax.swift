/// Where a body stops being JSON (RFC 8259), and why, in words an operator writing a template can
/// act on. Foundation's `JSONSerialization` on Linux takes `[1, 2,]` and `{"a": 1,}`, so a
/// template's list section with a comma after every item passed the sample check and went to
/// every receiver as JSON they refuse (trial2 finding 25).
enum JSONSyntax {
    struct Problem: Error, Equatable {
        /// The UTF-8 offset in the body.
        var offset: Int
        var reason: String
        /// A comma missing between two items, or one after the last: what a list section written item by item does.
        var separators = false
    }

    /// Nil when `body` is one JSON value, with white space around it at most.
    static func problem(_ body: [UInt8]) -> Problem? {
        var reader = Reader(bytes: body)
        do throws(Problem) {
            reader.space()
            guard reader.i < body.count else { throw Problem(offset: 0, reason: "the body is empty") }
            try reader.value()
            reader.space()
            if reader.i < body.count { throw reader.problem("\(reader.shown) after the end of the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private struct Reader {
        let bytes: [UInt8]
        var i = 0
        var depth = 0

        var shown: String {
            guard i < bytes.count else { return "the end" }
            var end = i + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "'" + String(decoding: bytes[i..<end], as: UTF8.self) + "'"
        }
        func problem(_ reason: String, separators: Bool = false) -> Problem { Problem(offset: i, reason: reason, separators: separators) }
        var next: UInt8? { i < bytes.count ? bytes[i] : nil }

        mutating func space() {
            while let b = next, b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { i += 1 }
        }

        mutating func value() throws(Problem) {
            space()
            guard let b = next else { throw problem("the body ends where a value should be") }
            switch b {
            case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"))
            case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"))
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            default: throw problem("\(shown) where a value should be")
            }
        }

        /// An object (`}`) or an array (`]`).
        mutating func container(close: UInt8) throws(Problem) {
            let object = close == UInt8(ascii: "}")
            let items = object ? "members" : "items"
            depth += 1
            guard depth <= 512 else { throw problem("lists or objects nested more than 512 deep") }
            i += 1
            space()
            if next == close { i += 1; depth -= 1; return }
            while true {
                space()
                if next == close { throw problem("a ',' before '\(Character(Unicode.Scalar(close)))': JSON has no comma after the last of the \(items)", separators: true) }
                if object {
                    guard next == UInt8(ascii: "\"") else { throw problem("\(shown) where a member's name in quotes should be") }
                    try string()
                    space()
                    guard next == UInt8(ascii: ":") else { throw problem("\(shown) where ':' after a member's name should be") }
                    i += 1
                }
                try value()
                space()
                guard let b = next else { throw problem("the body ends before '\(Character(Unicode.Scalar(close)))'") }
                if b == close { i += 1; depth -= 1; return }
                if b == UInt8(ascii: ",") { i += 1; continue }
                if b == UInt8(ascii: "\"") || b == UInt8(ascii: "{") || b == UInt8(ascii: "[") || b == UInt8(ascii: "-") || (0x30...0x39).contains(b) {
                    throw problem("no ',' between two \(items)", separators: true)
                }
                throw problem("\(shown) where ',' or '\(Character(Unicode.Scalar(close)))' should be")
            }
        }

        mutating func string() throws(Problem) {
            i += 1
            while let b = next {
                switch b {
                case UInt8(ascii: "\""): i += 1; return
                case UInt8(ascii: "\\"):
                    i += 1
                    guard let e = next else { break }
                    if e == UInt8(ascii: "u") {
                        for _ in 0..<4 {
                            i += 1
                            guard let h = next, (0x30...0x39).contains(h) || (0x41...0x46).contains(h) || (0x61...0x66).contains(h) else {
                                throw problem("a \\u escape without four hex digits")
                            }
                        }
                    } else if !"\"\\/bfnrt".utf8.contains(e) {
                        throw problem("'\\\(Character(Unicode.Scalar(e)))' is no escape JSON has")
                    }
                    i += 1
                case 0..<0x20: throw problem("a control character or line break inside a string (JSON writes it \\n, \\t …)")
                default: i += 1
                }
            }
            throw problem("the body ends inside a string")
        }

        mutating func number() throws(Problem) {
            if next == UInt8(ascii: "-") { i += 1 }
            if next == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { throw problem("\(shown) where a number's digits should be") }
            if next == UInt8(ascii: ".") {
                i += 1
                if digits() == 0 { throw problem("a number with no digit after its '.'") }
            }
            if next == UInt8(ascii: "e") || next == UInt8(ascii: "E") {
                i += 1
                if next == UInt8(ascii: "+") || next == UInt8(ascii: "-") { i += 1 }
                if digits() == 0 { throw problem("a number with no digit in its exponent") }
            }
        }

        mutating func digits() -> Int {
            let start = i
            while let b = next, (0x30...0x39).contains(b) { i += 1 }
            return i - start
        }

        mutating func literal(_ word: String) throws(Problem) {
            for c in word.utf8 {
                guard next == c else { throw problem("\(shown) where a value should be") }
                i += 1
            }
        }
    }
}
