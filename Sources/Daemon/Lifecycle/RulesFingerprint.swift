import Foundation

/// What the rule files look like on disk (names, sizes, modification times,
/// permissions, which file), to notice an edit without reading every file.
/// Links are followed: rules kept in a git checkout or a Kubernetes
/// ConfigMap and linked into rules.d change behind the link.
struct RulesFingerprint: Sendable, Hashable {
    var entries: [String]

    static func of(directory: String) -> RulesFingerprint {
        let entries = WatchSetup.ruleFilePaths(in: directory).map { path -> String in
            var s = stat()
            guard stat(path, &s) == 0 else { return "\(path)\tunreadable \(errno)" }
            return "\(path)\t\(s.st_size)\t\(s.st_mtim.tv_sec).\(s.st_mtim.tv_nsec)\t\(s.st_mode)\t\(s.st_dev):\(s.st_ino)"
        }
        return RulesFingerprint(entries: FileManager.default.fileExists(atPath: directory) ? entries : ["<missing>"])
    }
}
