import Crypto
import Foundation
import WirewatchCore

/// The signature a receiver checks: `sha256=` and the lowercase hex of
/// HMAC-SHA256(secret, timestamp + "." + body). The timestamp (unix seconds,
/// also sent as `X-Wirewatch-Timestamp`) lets a receiver refuse replays.
public enum WebhookSignature {
    public static let timestampHeader = "X-Wirewatch-Timestamp"
    public static let signatureHeader = "X-Wirewatch-Signature"

    public static func sign(body: Data, timestamp: Int, secret: Secret) -> String {
        var message = Data("\(timestamp).".utf8)
        message.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: Data(secret.value.utf8)))
        return "sha256=" + mac.map { String(format: "%02x", $0) }.joined()
    }

    /// What a receiver does: recompute and compare in constant time, and
    /// refuse a timestamp further than `tolerance` seconds from `now`.
    public static func verify(body: Data, timestamp: String, signature: String, secret: Secret, now: Date,
                              tolerance: TimeInterval = 300) -> Bool {
        guard let ts = Int(timestamp), abs(now.timeIntervalSince1970 - Double(ts)) <= tolerance else { return false }
        let expected = Array(sign(body: body, timestamp: ts, secret: secret).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
