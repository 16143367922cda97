import Foundation
import TestSupport

/// A process's memory as the kernel counts it (/proc/PID/status), in bytes.
struct ProcessMemory {
    /// VmHWM: the peak resident set size since the process started.
    var peakResident: Int
    /// VmRSS: resident now.
    var resident: Int

    init?(pid: Int32) {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        func kilobytes(_ field: String) -> Int? {
            status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
                .flatMap { Int($0.dropFirst(field.count + 1).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") }
        }
        guard let hwm = kilobytes("VmHWM"), let rss = kilobytes("VmRSS") else { return nil }
        peakResident = hwm * 1024
        resident = rss * 1024
    }
}

extension ProcessMemory {
    /// The highest VmHWM seen while `child` runs, sampled every few milliseconds until it exits.
    static func peak(of child: ChildProcess) async -> Int {
        var peak = 0
        while child.isRunning {
            if let m = ProcessMemory(pid: child.pid) { peak = max(peak, m.peakResident) }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return peak
    }
}
