// One poll cycle over a list of feed URLs through `Fetcher`, for bench/fetch/run.sh.
//
//   FetchBench URLS --parallel N [--window W] [--save VALIDATORS] [--conditional VALIDATORS]
//
// URLS has one URL a line. `--save` writes "url<TAB>etag<TAB>last-modified" for each
// 200; `--conditional` reads that file and sends the validators (the 304 cycle).
// Fetches are offered through a window of W tasks, as the daemon's scheduler does
// (0 offers every URL at once). Prints one line: the status counts and bytes.
import Fetching
import Foundation

struct Options {
    var urls = ""
    var parallel = 50
    var window = 0
    var save: String?
    var conditional: String?

    init(_ args: [String]) {
        var it = args.dropFirst().makeIterator()
        while let a = it.next() {
            switch a {
            case "--parallel": parallel = Int(it.next() ?? "") ?? parallel
            case "--window": window = Int(it.next() ?? "") ?? window
            case "--save": save = it.next()
            case "--conditional": conditional = it.next()
            default: urls = a
            }
        }
    }
}

func lines(_ path: String) -> [Substring] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
        FileHandle.standardError.write(Data("FetchBench: cannot read \(path)\n".utf8))
        exit(2)
    }
    return text.split(separator: "\n")
}

let options = Options(CommandLine.arguments)
var requests = lines(options.urls).map { FetchRequest(url: String($0)) }
if let path = options.conditional {
    var validators: [String: (String, String)] = [:]
    for line in lines(path) {
        let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        if f.count == 3 { validators[f[0]] = (f[1], f[2]) }
    }
    for i in requests.indices {
        guard let (etag, lastModified) = validators[requests[i].url] else { continue }
        requests[i].etag = etag.isEmpty ? nil : etag
        requests[i].lastModified = lastModified.isEmpty ? nil : lastModified
    }
}

let fetcher = Fetcher(limits: .init(maxConnectionsPerHost: options.parallel, maxConnections: options.parallel))
let window = options.window > 0 ? options.window : requests.count

struct Tally {
    var statuses: [Int: Int] = [:]
    var errors: [String: Int] = [:]
    var bytes = 0
    var saved: [String] = []
}

/// Off the main actor, as the daemon's scheduler is: results are not funnelled through the main thread.
nonisolated func pollCycle(_ requests: [FetchRequest], window: Int, keepValidators: Bool) async -> Tally {
    await withTaskGroup(of: FetchResult.self) { group in
        var tally = Tally()
        var next = requests.makeIterator()
        for _ in 0..<min(window, requests.count) {
            if let r = next.next() { group.addTask { await fetcher.fetch(r) } }
        }
        while let result = await group.next() {
            tally.statuses[result.status, default: 0] += 1
            if let e = result.error { tally.errors[e.category.rawValue, default: 0] += 1 }
            tally.bytes += result.body.count
            if keepValidators, result.status == 200 {
                tally.saved.append("\(result.requestURL)\t\(result.headers.etag ?? "")\t\(result.headers.lastModified ?? "")")
            }
            if let r = next.next() { group.addTask { await fetcher.fetch(r) } }
        }
        return tally
    }
}

let tally = await pollCycle(requests, window: window, keepValidators: options.save != nil)
fetcher.shutdown()

if let path = options.save {
    try (tally.saved.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
}
let statuses = tally.statuses.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
let errors = tally.errors.sorted { $0.key < $1.key }.map { "\($0.key):\($0.value)" }.joined(separator: " ")
print("statuses \(statuses) bytes \(tally.bytes)" + (errors.isEmpty ? "" : " errors \(errors)"))
