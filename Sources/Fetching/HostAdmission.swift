/// Which waiting transfers may start now: at most `perHost` in flight to one
/// host and `total` in flight overall, first come first served within a host,
/// hosts taken in turn so that one busy host does not starve the others.
///
/// It caps transfers rather than connections: over HTTP/2 one connection
/// carries many streams, and a host is as busy with those as with sockets.
/// A waiting item holds no libcurl handle, so 10,000 queued feeds cost little.
struct HostAdmission<Item> {
    let perHost: Int
    let total: Int
    private(set) var inFlight = 0
    private(set) var waiting = 0
    private var lines: [String: Line] = [:]
    /// Hosts with waiting items and room for one more, in the order they get a turn.
    private var turns: [String] = []
    private var nextTurn = 0

    private struct Line {
        var items: [Item] = []
        var head = 0
        var inFlight = 0
        var hasTurn = false
        var isEmpty: Bool { head == items.count }

        mutating func take() -> Item {
            let item = items[head]
            head += 1
            if head == items.count {
                items.removeAll(keepingCapacity: false)
                head = 0
            } else if head > 64, head * 2 > items.count {
                items.removeFirst(head)
                head = 0
            }
            return item
        }
    }

    init(perHost: Int, total: Int) {
        self.perHost = max(1, perHost)
        self.total = max(1, total)
    }

    mutating func enqueue(_ item: Item, host: String) {
        lines[host, default: Line()].items.append(item)
        waiting += 1
        giveTurnIfDue(host)
    }

    /// The next item allowed to start, counted as in flight until `finished(host:)`.
    mutating func next() -> (item: Item, host: String)? {
        while inFlight < total, nextTurn < turns.count {
            let host = turns[nextTurn]
            nextTurn += 1
            if nextTurn > 64, nextTurn * 2 > turns.count {
                turns.removeFirst(nextTurn)
                nextTurn = 0
            }
            lines[host]?.hasTurn = false
            guard hasRoom(host) else { continue }
            let item = lines[host]!.take()
            lines[host]!.inFlight += 1
            inFlight += 1
            waiting -= 1
            giveTurnIfDue(host)
            return (item, host)
        }
        return nil
    }

    mutating func finished(host: String) {
        guard lines[host] != nil else { return }
        lines[host]!.inFlight -= 1
        inFlight -= 1
        if lines[host]!.isEmpty, lines[host]!.inFlight == 0 {
            lines[host] = nil
        } else {
            giveTurnIfDue(host)
        }
    }

    /// Takes a waiting item out of the queue (a cancelled fetch), if it is still waiting.
    mutating func remove(host: String, where matches: (Item) -> Bool) -> Item? {
        guard let i = lines[host].flatMap({ $0.items[$0.head...].firstIndex(where: matches) }) else { return nil }
        let item = lines[host]!.items.remove(at: i)
        waiting -= 1
        if lines[host]!.isEmpty, lines[host]!.inFlight == 0 { lines[host] = nil }
        return item
    }

    /// Everything still waiting, emptying the queue (at shutdown).
    mutating func drain() -> [Item] {
        let all = lines.values.flatMap { $0.items[$0.head...] }
        lines.removeAll()
        turns.removeAll()
        nextTurn = 0
        waiting = 0
        return all
    }

    // Reads the line without keeping a copy of it: a copy alive during a mutation
    // would make the mutation copy the whole queue.
    private func hasRoom(_ host: String) -> Bool {
        lines[host].map { !$0.isEmpty && $0.inFlight < perHost } ?? false
    }

    private mutating func giveTurnIfDue(_ host: String) {
        guard hasRoom(host), lines[host]?.hasTurn == false else { return }
        lines[host]!.hasTurn = true
        turns.append(host)
    }
}

/// The host a politeness cap counts against: scheme, host and port, lower-cased,
/// without user info, path or query.
func hostKey(of url: String) -> String {
    let bytes = Array(url.utf8)
    var schemeEnd = 0
    while schemeEnd + 2 < bytes.count, !(bytes[schemeEnd] == 0x3A && bytes[schemeEnd + 1] == 0x2F && bytes[schemeEnd + 2] == 0x2F) {
        schemeEnd += 1
    }
    guard schemeEnd + 2 < bytes.count else { return url.lowercased() }
    var end = schemeEnd + 3
    var hostStart = end
    while end < bytes.count, bytes[end] != 0x2F, bytes[end] != 0x3F, bytes[end] != 0x23 {
        if bytes[end] == 0x40 { hostStart = end + 1 }
        end += 1
    }
    let lower: (UInt8) -> UInt8 = { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
    return String(decoding: bytes[..<(schemeEnd + 3)].map(lower) + bytes[hostStart..<end].map(lower), as: UTF8.self)
}
