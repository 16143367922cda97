import Foundation
import WirewatchCore

/// An entry's identity within its feed: the explicit id when there is one,
/// else its link, else its title and date — stable across polls either way.
enum EntryIdentity {
    static func id(explicit: String?, link: String?, title: String?, date: Date?) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let link, !link.isEmpty { return link }
        let when = date.map { String(Int($0.timeIntervalSince1970)) } ?? ""
        return "title:" + StableHash.hex(title ?? "", when)
    }
}
