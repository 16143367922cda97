import Foundation

/// A deterministic generator (SplitMix64): a test that prints its seed can be
/// replayed with the same choices.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A second, independent stream from the same seed (so adding a draw to one does not shift the other).
    public func fork(_ salt: UInt64) -> SeededRandom { SeededRandom(seed: state ^ (salt &* 0xD6E8_FEB8_6659_FD93)) }

    /// The seed from `variable` in the environment, or a fresh one.
    public static func seed(from variable: String) -> UInt64 {
        ProcessInfo.processInfo.environment[variable].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
    }
}
