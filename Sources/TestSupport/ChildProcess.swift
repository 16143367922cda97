import Foundation
import Synchronization

/// The `wirewatch` executable under test, run as a real child process.
public final class ChildProcess: Sendable {
    private let process: Process
    private let pipes: (out: Pipe, err: Pipe)
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
        for (k, v) in environment { env[k] = v }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        pipes = (out, err)
        process.standardOutput = out
        process.standardError = err
        out.fileHandleForReading.readabilityHandler = { [output] h in
            let d = h.availableData
            output.state.withLock { $0.stdout.append(d) }
        }
        err.fileHandleForReading.readabilityHandler = { [output] h in
            let d = h.availableData
            output.state.withLock { $0.stderr.append(d) }
        }
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
        // Collect what the process wrote last and the handlers have not read yet.
        pipes.out.fileHandleForReading.readabilityHandler = nil
        pipes.err.fileHandleForReading.readabilityHandler = nil
        let restOut = pipes.out.fileHandleForReading.readDataToEndOfFile()
        let restErr = pipes.err.fileHandleForReading.readDataToEndOfFile()
        output.state.withLock { $0.stdout.append(restOut); $0.stderr.append(restErr) }
        return process.terminationStatus
    }

    /// Runs to completion and returns (status, stdout, stderr).
    public static func run(_ arguments: [String], executable: String = ChildProcess.wirewatchBinary,
                           timeout: TimeInterval = 60, stdin: String? = nil,
                           environment: [String: String] = [:]) async throws -> (Int32, String, String) {
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

/// What a child process wrote, appended to from the pipes' reader threads.
final class CapturedOutput: Sendable {
    let state = Mutex<(stdout: Data, stderr: Data)>((Data(), Data()))
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
