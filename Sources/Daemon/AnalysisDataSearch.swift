import Foundation

/// Where the analysis data (`taxonomy.yaml`, `gazetteer/`) is looked for when nothing names it: a config
/// without `data`, and `analyze` without `--data` or `--config`. One order for every command: the config's
/// default was `/usr/share/wirewatch`, where `make install` puts nothing, while `analyze` searched elsewhere
/// and read `$WIREWATCH_DATA`, which `check` and `run` ignored (trial2 finding 21).
///
/// `$WIREWATCH_DATA` alone, when set; else the first of: `share/wirewatch` beside the `bin/` of this binary
/// (as run, then the file it is), where `make install` puts the data whatever its `PREFIX`;
/// `/usr/local/share/wirewatch` (`make install`'s default `PREFIX`, for a binary run from elsewhere);
/// `/usr/share/wirewatch` (a distribution's package); the `Config/` of the checkout a binary under `.build/`
/// was built in.
public struct AnalysisDataSearch: Sendable {
    public static let variable = "WIREWATCH_DATA"
    /// The places looked in, in order.
    public let places: [String]
    /// `$WIREWATCH_DATA` is set: its directory is the only place, used whatever it holds (its problem is said).
    public let fromEnvironment: Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                arguments: [String] = CommandLine.arguments, executable: URL? = Bundle.main.executableURL) {
        if let dir = environment[Self.variable], !dir.isEmpty {
            places = [dir]
            fromEnvironment = true
            return
        }
        let binaries = Self.binaries(arguments: arguments, executable: executable, path: environment["PATH"] ?? "")
        var places = binaries.map {
            $0.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("share/wirewatch").path
        }
        // A developer's build reads its own checkout's data before any installed (perhaps older) copy: on a machine
        // where `make install` once ran, a .build binary and the tests read /usr/local's (review-configside, 9).
        places += binaries.compactMap { binary in
            binary.path.range(of: "/.build/").map { binary.path[..<$0.lowerBound] + "/Config" }
        }
        places += ["/usr/local/share/wirewatch", "/usr/share/wirewatch"]
        var seen: Set<String> = []
        self.places = places.filter { seen.insert($0).inserted }
        fromEnvironment = false
    }

    /// The data directory: the first place holding `taxonomy.yaml` (`$WIREWATCH_DATA`'s whatever it holds); nil when none does.
    public var found: String? {
        fromEnvironment ? places.first : places.first { FileManager.default.fileExists(atPath: ($0 as NSString).appendingPathComponent("taxonomy.yaml")) }
    }

    /// Why no data was found, for a message that goes on with what to do.
    public var notFound: String {
        fromEnvironment ? "analysis data directory \(places[0]) (from $\(Self.variable)) has no taxonomy.yaml"
            : "no analysis data found (looked in \(places.joined(separator: ", ")))"
    }

    /// The binary as run (a link such as /usr/local/bin/wirewatch into a PREFIX), then the file it is. On Linux
    /// Bundle.main.executableURL comes from /proc/self/exe, links already followed, so "as run" is argv[0]: a
    /// path when given as one, else a bare name the shell found on $PATH, which is looked up again the way it did.
    private static func binaries(arguments: [String], executable: URL?, path: String) -> [URL] {
        var binaries: [URL] = []
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        if let run = arguments.first, !run.isEmpty {
            if run.contains("/") {
                binaries.append(URL(fileURLWithPath: run, relativeTo: cwd).standardizedFileURL)
            } else if let found = onPath(run, path: path, cwd: cwd) {
                binaries.append(found)
            }
        }
        if let executable { binaries.append(executable) }
        return binaries
    }

    /// The first entry of $PATH holding an executable `name`, as a shell searches it: skipping directories and
    /// what may not be run; an empty entry is the current directory.
    private static func onPath(_ name: String, path: String, cwd: URL) -> URL? {
        for entry in path.split(separator: ":", omittingEmptySubsequences: false) {
            let dir = entry.isEmpty ? "." : String(entry)
            let candidate = dir + "/" + name
            var isDirectory: ObjCBool = false
            if access(candidate, X_OK) == 0, FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                return URL(fileURLWithPath: candidate, relativeTo: cwd).standardizedFileURL
            }
        }
        return nil
    }
}
