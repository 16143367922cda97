/// A secret's value: a webhook's signing secret, a header or proxy credential, the PostgreSQL store's
/// password, its client key's passphrase. It prints as `[redacted]` however it is printed (`"\(s)"`,
/// `String(reflecting:)`, `dump`, or inside another value's description), so it cannot reach a message
/// or a log line by accident; only `value` gives it up. One type for every secret, so that every
/// secret prints alike (docs/configuration.md, "Secrets").
public struct Secret: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let value: String
    public init(_ value: String) { self.value = value }

    /// What a secret prints as, and what takes its place in a text it was taken out of.
    public static let placeholder = "[redacted]"

    public var description: String { Self.placeholder }
    public var debugDescription: String { Self.placeholder }
    /// No children: `dump` and a value's default description show `[redacted]`, not the stored `value`.
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}
