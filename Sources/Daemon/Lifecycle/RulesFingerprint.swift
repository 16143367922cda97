import Foundation

/// What the rule files look like on disk (names, sizes, modification times),
/// to notice an edit without reading every file.
struct RulesFingerprint: Sendable, Hashable {
    var entries: [String]

    static func of(directory: String) -> RulesFingerprint {
        let fm = FileManager.default
        let entries = WatchSetup.ruleFilePaths(in: directory).map { path -> String in
            let attributes = (try? fm.attributesOfItem(atPath: path)) ?? [:]
            let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
            let size = (attributes[.size] as? NSNumber)?.intValue ?? -1
            return "\(path)\t\(size)\t\(modified)"
        }
        return RulesFingerprint(entries: fm.fileExists(atPath: directory) ? entries : ["<missing>"])
    }
}
