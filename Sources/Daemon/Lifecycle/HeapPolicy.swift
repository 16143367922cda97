import CMalloc

/// How the process's heap gives memory back.
///
/// glibc raises its mmap threshold each time a large block is freed (up to
/// 32 MiB), so after the first 16 MB feed body every later one comes from the
/// heap and stays there as fragments: the peak RSS climbs with every hostile
/// or merely big feed. A fixed threshold keeps large, short-lived buffers
/// (bodies, parse trees' arrays) in their own mappings, returned to the
/// system when freed.
///
/// Reading and compiling rule files leaves their garbage (YAML trees, parsed
/// queries, the builder's tables) freed among what the rules keep, and glibc
/// returns freed memory by itself only from the top of its heap: at 100,000
/// rules a daemon that never trims stays at about 217 MB resident where the
/// rules keep about 59 MB (bench/rules, docs/rules.md).
public enum HeapPolicy {
    public static let mmapThreshold: Int32 = 1 << 20

    /// Called once when the daemon starts; harmless to call again.
    public static func apply() {
        _ = mallopt(M_MMAP_THRESHOLD, mmapThreshold)
    }

    /// Gives the heap's free pages back to the kernel: once rules are loaded.
    static func giveBackFreedPages() {
        _ = malloc_trim(0)
    }
}
