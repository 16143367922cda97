import FeedParsing
import Foundation

/// libFuzzer entry: any bytes, with a content type chosen by the last byte so
/// that the charset paths (iconv, UTF-16, windows-1252) are reached as well.
/// Whatever comes in, parsing and writing the JSON must neither crash nor hang.
private let contentTypes: [String?] = [
    nil, "application/rss+xml; charset=utf-8", "text/xml; charset=iso-8859-1", "text/xml; charset=shift_jis",
    "application/xml; charset=utf-16", "text/xml; charset=iso-2022-jp", "text/xml; charset=gb18030", "application/atom+xml",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let contentType = size > 0 ? contentTypes[Int(data[size - 1]) % contentTypes.count] : nil
    switch FeedParser.parse(bytes, url: "https://fuzz.example/feed.xml", contentType: contentType) {
    case .feed(let feed):
        _ = try? feed.jsonData()
    case .notAFeed:
        break
    }
    return 0
}
