#if canImport(Glibc)
import Glibc
#endif

/// How the process's heap gives memory back. glibc raises its mmap threshold
/// each time a large block is freed (up to 32 MiB), so after the first 16 MB
/// feed body every later one comes from the heap and stays there as
/// fragments: the peak RSS climbs with every hostile or merely big feed. A
/// fixed threshold keeps large, short-lived buffers (bodies, parse trees'
/// arrays) in their own mappings, returned to the system when freed.
public enum HeapPolicy {
    public static let mmapThreshold: Int32 = 1 << 20
    /// `M_MMAP_THRESHOLD` from <malloc.h>, which Swift's Glibc module does not import.
    static let mmapThresholdParameter: Int32 = -3

    /// Called once when the daemon starts; harmless to call again.
    public static func apply() {
        #if canImport(Glibc)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        _ = unsafeBitCast(symbol, to: Mallopt.self)(mmapThresholdParameter, mmapThreshold)
        #endif
    }
}
