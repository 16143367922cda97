import Foundation
import CMalloc
import Glibc

/// The process's resident memory, as the kernel counts it: what the daemon
/// keeps after compiling rules (the YAML and the builder's garbage freed and
/// given back), and the high-water mark while reading and compiling.
enum Memory {
    /// Resident bytes once freed memory is returned to the kernel.
    static func steady() -> Int {
        _ = malloc_trim(0)  // the free pages of every arena, back to the kernel
        return resident()
    }

    /// Resident bytes as they are: malloc returns freed memory to the kernel
    /// by itself only from the top of its heap.
    static func resident() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        return fields.count > 1 ? (Int(fields[1]) ?? 0) * Int(sysconf(Int32(_SC_PAGESIZE))) : 0
    }

    /// Starts a new high-water mark at the current resident size (Linux 4.0 on).
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }

    /// The resident high-water mark since the last `resetPeak()`.
    static func peak() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kb = Int(line.split(separator: " ").dropFirst().first ?? "") else { return 0 }
        return kb * 1024
    }
}
