import Foundation
import Testing
import TestSupport

let systemdAnalyze: String? = ["/usr/bin/systemd-analyze", "/bin/systemd-analyze"]
    .first { FileManager.default.isExecutableFile(atPath: $0) }

/// The unit as `make install` installs it: systemd-analyze finds nothing
/// wrong with it and rates its sandboxing; `make uninstall` takes it all away.
@Suite(.enabled(if: systemdAnalyze != nil, "systemd-analyze is not installed: the unit is not checked"))
struct SystemdUnitTests {
    static var analyzer: String? { systemdAnalyze }

    /// The exposure `systemd-analyze security` may rate the unit at: "OK" is under 5.0; we hold it under 2.0.
    static let exposureBound = 2.0

    /// A temporary prefix with wirewatch installed by `make install`.
    struct Installed {
        let root: URL
        var prefix: String { root.appendingPathComponent("usr/local").path }
        var sysconf: String { root.appendingPathComponent("etc").path }
        var unit: String { root.appendingPathComponent("etc/systemd/system/wirewatch.service").path }
        var config: String { root.appendingPathComponent("etc/wirewatch/wirewatch.yaml").path }
        var makeArguments: [String] {
            ["-C", repositoryRoot.path, "PREFIX=\(prefix)", "SYSCONFDIR=\(sysconf)", "INSTALL_BIN=\(ChildProcess.wirewatchBinary)"]
        }

        init() async throws {
            root = try makeTemporaryDirectory("wirewatch-install")
            let (status, _, stderr) = try await run("/usr/bin/make", ["install"] + makeArguments)
            #expect(status == 0, "make install: \(stderr)")
        }
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String, String) {
        try await ChildProcess.run(arguments, executable: executable, timeout: 120)
    }

    @Test func installedUnitVerifiesClean() async throws {
        let installed = try await Installed()
        let (status, out, err) = try await Self.run(Self.analyzer!, ["verify", installed.unit])
        #expect(status == 0)
        #expect((out + err).trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "systemd-analyze verify: \(out)\(err)")
        // The installed config names the installed data and checks clean with the installed binary.
        let (checked, stdout, stderr) = try await Self.run(installed.prefix + "/bin/wirewatch", ["check", "--config", installed.config])
        #expect(checked == 0, "\(stderr)")
        #expect(stdout.contains(": OK"))
    }

    @Test func sandboxExposureWithinBound() async throws {
        let installed = try await Installed()
        let (_, out, err) = try await Self.run(Self.analyzer!, ["security", "--offline=true", installed.unit])
        let line = (out + err).split(separator: "\n").first { $0.contains("Overall exposure level") }.map(String.init) ?? ""
        let figure = line.split(separator: ":").last?.split(separator: " ").first.flatMap { Double($0) }
        let exposure = try #require(figure, "no exposure figure in: \(out)\(err)")
        #expect(exposure < Self.exposureBound, "\(line)")
        #expect(exposure < 5.0, "systemd rates under 5.0 as OK: \(line)")
    }

    @Test func uninstallRemovesWhatInstallPut() async throws {
        let installed = try await Installed()
        let (status, _, stderr) = try await Self.run("/usr/bin/make", ["uninstall"] + installed.makeArguments)
        #expect(status == 0, "\(stderr)")
        let files = FileManager.default.enumerator(atPath: installed.root.path)?.compactMap { $0 as? String }
            .filter { !Self.isDirectory(installed.root.appendingPathComponent($0).path) } ?? []
        #expect(files.isEmpty, "left behind: \(files)")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
