import Foundation
import Synchronization

/// The `wirewatch` executable under test, run as a real child process.
public final class ChildProcess: Sendable {
    private let process: Process
    private let output = CapturedOutput()

    /// The built `wirewatch` binary: beside the test bundle, or `$WIREWATCH_BIN`.
    public static var wirewatchBinary: String {
        if let env = ProcessInfo.processInfo.environment["WIREWATCH_BIN"] { return env }
        return Bundle.main.bundleURL.appendingPathComponent("wirewatch").path
    }

    public init(_ executable: String = ChildProcess.wirewatchBinary, arguments: [String],
                environment: [String: String] = [:], directory: URL? = nil, stdin: String? = nil) throws {
        process = Process()
        // Through setpriv, the child asks to be killed when the thread that
        // started it ends; started from `ChildSpawner`'s thread, which lives
        // as long as the test process, a child no longer outlives a test
        // process that crashed (it went on polling, orphaned, for hours).
        process.executableURL = URL(fileURLWithPath: ChildSpawner.setpriv)
        process.arguments = ["--pdeathsig", "KILL", "--", executable] + arguments
        var env = ProcessInfo.processInfo.environment
        // A home of the tests' own, not the machine's: libpq's TLS files are looked for there (`TestHome`).
        env["HOME"] = TestHome.empty
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        output.read(out.fileHandleForReading, stdout: true)
        output.read(err.fileHandleForReading, stdout: false)
        if let stdin {
            // From a file, not a pipe: a child that exits before reading would make writing to a pipe raise SIGPIPE here.
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("stdin-\(UUID().uuidString)")
            try Data(stdin.utf8).write(to: file)
            process.standardInput = try FileHandle(forReadingFrom: file)
            try? FileManager.default.removeItem(at: file)
        }
        try ChildSpawner.shared.run { [process] in try process.run() }
    }

    public var pid: Int32 { process.processIdentifier }
    public var isRunning: Bool { process.isRunning }
    public var stdout: String { output.state.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    public var stderr: String { output.state.withLock { String(decoding: $0.stderr, as: UTF8.self) } }

    public func signal(_ sig: Int32) { kill(process.processIdentifier, sig) }

    /// Waits for the process to exit (up to `timeout`); returns its status, or nil if it is still running.
    public func wait(timeout: TimeInterval = 30) async -> Int32? {
        let exited = await eventually(timeout: timeout) { !process.isRunning }
        guard exited else { return nil }
        // What the process wrote last: its pipes end once it has exited (and any child of its that kept them).
        _ = await eventually(timeout: 30) { output.ended }
        return process.terminationStatus
    }

    /// Runs to completion and returns (status, stdout, stderr).
    public static func run(_ arguments: [String], executable: String = ChildProcess.wirewatchBinary,
                           timeout: TimeInterval = 60, stdin: String? = nil, environment: [String: String] = [:]) async throws -> (Int32, String, String) {
        let p = try ChildProcess(executable, arguments: arguments, environment: environment, stdin: stdin)
        guard let status = await p.wait(timeout: timeout) else {
            p.signal(SIGKILL)
            throw ChildProcessTimeout(arguments: arguments)
        }
        return (status, p.stdout, p.stderr)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}

public struct ChildProcessTimeout: Error, CustomStringConvertible {
    public var arguments: [String]
    public var description: String { "wirewatch \(arguments.joined(separator: " ")) did not exit in time" }
}

/// What a child process wrote, read from its pipes by a thread each until the pipe ends.
///
/// Not with `readabilityHandler`: that is a dispatch read source, which Foundation cancels when the handler
/// is cleared or the handle closed, and then closes the descriptor at once, before libdispatch has
/// unregistered the source. With children started and dropped in parallel the descriptor is reused meanwhile,
/// and the test process died in `_dispatch_event_loop_drain` (`_dispatch_source_refs_finalize_unregistration`);
/// a read blocked on its own thread holds the handle, so the descriptor is closed only after the last read.
final class CapturedOutput: Sendable {
    struct Streams {
        var stdout = Data()
        var stderr = Data()
        var open = 2
    }
    let state = Mutex(Streams())

    func read(_ handle: FileHandle, stdout: Bool) {
        let thread = Thread { [self] in
            while true {
                let data = handle.availableData
                if data.isEmpty { break }
                state.withLock { if stdout { $0.stdout.append(data) } else { $0.stderr.append(data) } }
            }
            state.withLock { $0.open -= 1 }
        }
        thread.name = "child-output"
        thread.start()
    }

    /// Both pipes have ended: everything the child wrote has been read.
    var ended: Bool { state.withLock { $0.open == 0 } }
}

/// Starts child processes from one thread that lives as long as the test
/// process. A child's parent-death signal (`PR_SET_PDEATHSIG`) fires when the
/// thread that started it ends, and the threads tests run on can be retired
/// by the thread pool while the test process lives on.
final class ChildSpawner: @unchecked Sendable {
    static let shared = ChildSpawner()
    /// util-linux's `setpriv`, in every Debian (util-linux is essential).
    static let setpriv = "/usr/bin/setpriv"
    private let condition = NSCondition()
    /// Guarded by `condition`.
    private var jobs: [() -> Void] = []

    private init() {
        let thread = Thread { [self] in
            while true {
                condition.lock()
                while jobs.isEmpty { condition.wait() }
                let job = jobs.removeFirst()
                condition.unlock()
                job()
            }
        }
        thread.name = "child-spawner"
        thread.start()
    }

    /// Runs `body` on the spawner's thread and waits for it.
    func run(_ body: @escaping @Sendable () throws -> Void) throws {
        let done = NSCondition()
        nonisolated(unsafe) var finished = false
        nonisolated(unsafe) var failure: Error?
        condition.lock()
        jobs.append {
            do { try body() } catch { failure = error }
            done.lock()
            finished = true
            done.signal()
            done.unlock()
        }
        condition.signal()
        condition.unlock()
        done.lock()
        while !finished { done.wait() }
        done.unlock()
        if let failure { throw failure }
    }
}
