import Glibc

/// A character encoding as a feed or its server names it, read the way
/// browsers read the label (WHATWG): `iso-8859-1` is windows-1252, `gb2312`
/// is GB18030, `shift_jis` is Microsoft's superset, and so on.
enum Charset: Hashable, Sendable {
    case utf8
    case windows1252
    case utf16LE, utf16BE
    /// Any other charset, decoded by glibc's iconv under this name.
    case iconv(String)

    init?(label raw: String) {
        let label = raw.trimming(" \t\"'").lowercased()
        guard !label.isEmpty else { return nil }
        switch label {
        case "utf-8", "utf8", "unicode-1-1-utf-8", "x-unicode20utf8": self = .utf8
        case "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "l1", "us-ascii", "ascii", "windows-1252", "cp1252",
             "x-cp1252", "ansi_x3.4-1968", "cp819", "ibm819", "iso-ir-100", "csisolatin1", "iso_8859-1:1987":
            self = .windows1252
        case "utf-16", "utf-16le", "utf16", "unicode", "ucs-2": self = .utf16LE
        case "utf-16be", "unicodefffe": self = .utf16BE
        case "shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "cp932", "ms932":
            self = .iconv("CP932")
        case "euc-jp", "x-euc-jp", "eucjp", "cseucpkdfmtjapanese": self = .iconv("EUC-JP-MS")
        case "iso-2022-jp", "csiso2022jp": self = .iconv("ISO-2022-JP-2")
        case "gb2312", "gbk", "gb18030", "x-gbk", "cp936", "ms936", "windows-936", "csgb2312", "chinese", "euc-cn", "gb_2312-80":
            self = .iconv("GB18030")
        case "big5", "big5-hkscs", "x-x-big5", "cn-big5", "csbig5", "cp950": self = .iconv("BIG5-HKSCS")
        case "euc-kr", "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "korean", "csksc56011987", "windows-949", "cp949", "uhc":
            self = .iconv("CP949")
        case "koi8-r", "koi8", "koi", "cskoi8r", "koi8_r": self = .iconv("KOI8-R")
        case "koi8-u", "koi8-ru": self = .iconv("KOI8-U")
        case "iso-8859-9", "latin5", "l5": self = .iconv("CP1254")
        case "tis-620", "iso-8859-11", "windows-874", "dos-874": self = .iconv("CP874")
        default:
            if label.hasPrefix("windows-125"), let d = label.last, d.isNumber { self = .iconv("CP125\(d)"); return }
            if label.hasPrefix("cp125"), label.count == 6 { self = .iconv(label.uppercased()); return }
            if label.hasPrefix("iso-8859-") || label.hasPrefix("iso8859-") || label.hasPrefix("iso_8859-") {
                let part = label.split(separator: "-").last.map(String.init) ?? ""
                guard let n = Int(part.prefix { $0.isNumber }), (2...16).contains(n) else { return nil }
                self = .iconv("ISO-8859-\(n)")
                return
            }
            // Whatever glibc knows by that name (checked when decoding).
            guard label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.:".contains($0)) }) else { return nil }
            self = .iconv(label.uppercased())
        }
    }

    /// A charset of one byte a character (windows-125x, ISO-8859-x, KOI8): what UTF-8 is often mislabelled as.
    /// `isSingleByte`'s, and the two it leaves to iconv for their combining marks (CP1255, CP1258).
    var isOneByte: Bool {
        switch self {
        case .windows1252: true
        case .iconv(let name): Self.isSingleByte(name) || name == "CP1255" || name == "CP1258"
        default: false
        }
    }

    /// The name a message shows.
    var name: String {
        switch self {
        case .utf8: "UTF-8"
        case .windows1252: "windows-1252"
        case .utf16LE: "UTF-16LE"
        case .utf16BE: "UTF-16BE"
        case .iconv(let name): name
        }
    }

    /// Whether this charset can be decoded here: a name glibc's iconv does not know cannot.
    var isAvailable: Bool {
        guard case .iconv(let name) = self else { return true }
        guard let cd = iconv_open("WCHAR_T", name), cd != iconv_t(bitPattern: -1) else { return false }
        iconv_close(cd)
        return true
    }

    /// Charsets of one byte per character, decoded through a table (glibc's
    /// iconv goes through UCS-4 and showed in the parser's profile).
    /// windows-1255 and -1258 are not: glibc composes their combining marks.
    static func isSingleByte(_ iconvName: String) -> Bool {
        if iconvName == "CP1255" || iconvName == "CP1258" { return false }
        return iconvName.hasPrefix("ISO-8859-") || iconvName.hasPrefix("CP125") || iconvName.hasPrefix("KOI8-") || iconvName == "CP874"
    }
}
