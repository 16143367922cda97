import Testing
import TestSupport

/// The children tests start die with the test process: a test process that
/// crashes must not leave `wirewatch run` daemons polling, orphaned.
@Suite struct ChildProcessTests {
    @Test func childrenAskToBeKilledWithTheTestProcess() async throws {
        // setpriv itself, started the way every child is, reports what it inherited.
        let (status, stdout, _) = try await ChildProcess.run(["--dump"], executable: "/usr/bin/setpriv")
        #expect(status == 0)
        #expect(stdout.contains("Parent death signal: KILL"), "setpriv --dump said: \(stdout)")
    }
}
