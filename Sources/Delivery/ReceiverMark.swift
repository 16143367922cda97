import Crypto
import Foundation

/// What a sink's hold records of the receiver that asked for it (`SinkHold.receiver`): `sha256:` and the
/// hex digest of the URL the sink posts to. The URL may be a secret (a Slack webhook's carries its token)
/// and the store is read by more people than the credential is; a digest still tells two receivers apart.
public enum ReceiverMark {
    public static func of(_ url: String) -> String {
        "sha256:" + SHA256.hash(data: Data(url.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

extension AlertSink {
    /// The mark of `receiver()`; nil for a sink no receiver can pause.
    public func receiverMark() async -> String? { await receiver().map(ReceiverMark.of) }
}
