#if canImport(Glibc)
import Glibc
#endif

/// Runs libFuzzer on one function. Each fuzz target's `main` calls `run`; the
/// binary is linked with `-sanitize=fuzzer` (see docs/reliability.md), so it
/// takes libFuzzer's flags: `-max_total_time=60`, a corpus directory, or a
/// crash file to replay.
public enum FuzzDriver {
    /// The function under test, set once by `run` before libFuzzer starts calling it.
    nonisolated(unsafe) static var body: ((UnsafeRawBufferPointer) -> Void)?

    public static func run(_ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
        Self.body = body
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzDriver.body?(UnsafeRawBufferPointer(start: data, count: size))
            return 0
        })
    }
}

@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// libFuzzer's own `main` (linked in by `-sanitize=fuzzer`) calls this symbol; SwiftPM points
/// `main` at the target's `@main` instead, which reaches the same function through `run`.
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzDriver.body?(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
