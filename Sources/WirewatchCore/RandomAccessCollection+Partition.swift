extension RandomAccessCollection where Index == Int {
    /// The first index whose element satisfies `belongs`, for a predicate that is false then true.
    public func partitioningIndex(where belongs: (Element) -> Bool) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if belongs(self[mid]) { hi = mid } else { lo = mid + 1 }
        }
        return lo
    }
}
