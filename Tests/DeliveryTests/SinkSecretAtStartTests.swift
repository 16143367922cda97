import Foundation
import Testing
import TestSupport

/// A sink's secret that cannot be read (its variable unset): `check`, which the unit runs before every start,
/// said OK, and `run` then opened the admin endpoint and exited with a line naming no place in the config
/// (trial finding 1). Both now refuse the config with the line the reference is written on, never a value;
/// `check` run by hand (not under systemd) says it without refusing.
@Suite struct SinkSecretAtStartTests {
    static func install() throws -> DaemonInstall {
        try DaemonInstall(feeds: [("world", "http://127.0.0.1:9/world.xml")], extraSinks: """
              - id: hook
                type: webhook
                url: http://127.0.0.1:9/hook
                secret: env:WIREWATCH_TEST_HOOK_SECRET
            """, extraConfig: "admin:\n  listen: 127.0.0.1:0\n")
    }

    @Test func checkAndRunRefuseAnUnsetSecretWhereItIsWritten() async throws {
        let install = try Self.install()
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("secret: env:WIREWATCH_TEST_HOOK_SECRET") }) + 1
        let said = "\(install.configPath):\(line):13: sink 'hook': env:WIREWATCH_TEST_HOOK_SECRET: the environment variable "
            + "WIREWATCH_TEST_HOOK_SECRET is not set; the daemon does not start without it\n"

        // Under systemd (ExecStartPre), where check has the daemon's environment: refused.
        let (checked, out, why) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["INVOCATION_ID": "unit"])
        #expect(checked == 1 && out.isEmpty && why == said, "\(out)\(why)")
        // By hand, where a shell has no unit environment or credentials: said, not refused.
        let (noted, fine, note) = try await ChildProcess.run(["check", "--config", install.configPath], environment: ["INVOCATION_ID": ""])
        #expect(noted == 0 && fine.contains(": OK") && note == said.dropLast() + " (not here: fine if the daemon's unit provides it)\n", "\(fine)\(note)")
        let (ran, _, reason) = try await ChildProcess.run(["run", "--config", install.configPath])
        #expect(ran == 1 && reason.hasSuffix(said), "\(reason)")
        #expect(!reason.contains("admin endpoint listening"), "\(reason)")

        // With the variable set, as the unit's environment sets it: OK, and the value is printed nowhere.
        let env = ["WIREWATCH_TEST_HOOK_SECRET": "s3cret-value-7d1"]
        let (ok, passed, _) = try await ChildProcess.run(["check", "--config", install.configPath], environment: env)
        #expect(ok == 0 && passed.contains(": OK"), "\(passed)")
        let daemon = try ChildProcess(arguments: ["run", "--config", install.configPath], environment: env)
        defer { daemon.signal(SIGKILL) }
        #expect(await eventually { daemon.stderr.contains("wirewatch ready") }, "\(daemon.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait(timeout: 20) == 0)
        #expect(!daemon.stderr.contains("s3cret-value-7d1"))
    }

    /// `check --json` run by hand has the line it says without refusing in its `notes`: it left it out, and a
    /// script saw a clean OK for a config the daemon may not start with.
    @Test func checkJSONByHandHasTheSecretInItsNotes() async throws {
        let install = try Self.install()
        let text = try String(contentsOfFile: install.configPath, encoding: .utf8)
        let line = try #require(text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("secret: env:WIREWATCH_TEST_HOOK_SECRET") }) + 1
        let (jsonNoted, json, jsonErr) = try await ChildProcess.run(["check", "--config", install.configPath, "--json"],
                                                                     environment: ["INVOCATION_ID": ""])
        #expect(jsonNoted == 0 && jsonErr.isEmpty, "\(jsonErr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        let notes = try #require(object["notes"] as? [[String: Any]], "\(json)")
        #expect(object["ok"] as? Bool == true && notes.count == 1, "\(json)")
        #expect(notes.first?["file"] as? String == install.configPath && notes.first?["line"] as? Int == line && notes.first?["column"] as? Int == 13)
        #expect(notes.first?["message"] as? String == "sink 'hook': env:WIREWATCH_TEST_HOOK_SECRET: the environment variable "
                + "WIREWATCH_TEST_HOOK_SECRET is not set; the daemon does not start without it (not here: fine if the daemon's unit provides it)",
                "\(json)")
        // Under systemd it is refused, an error, not a note.
        let (jsonRefused, refusal, _) = try await ChildProcess.run(["check", "--config", install.configPath, "--json"],
                                                                   environment: ["INVOCATION_ID": "unit"])
        let failed = try #require(try JSONSerialization.jsonObject(with: Data(refusal.utf8)) as? [String: Any], "\(refusal)")
        #expect(jsonRefused == 1 && (failed["errors"] as? [Any])?.count == 1 && (failed["notes"] as? [Any])?.isEmpty == true, "\(refusal)")
    }
}
