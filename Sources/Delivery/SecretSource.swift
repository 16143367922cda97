import Foundation
import WirewatchCore

/// Where a secret comes from: the environment, or a systemd credential
/// (`LoadCredential=` puts it in `$CREDENTIALS_DIRECTORY/NAME`). Never the
/// config file itself, which is often world-readable.
public enum SecretSource: Sendable, Hashable, CustomStringConvertible {
    case environment(String)
    case credential(String)

    /// `env:NAME` or `credential:NAME`; nil for anything else.
    public init?(reference: String) {
        if reference.hasPrefix("env:"), Self.validName(reference.dropFirst(4)) {
            self = .environment(String(reference.dropFirst(4)))
        } else if reference.hasPrefix("credential:"), Self.validName(reference.dropFirst(11)) {
            self = .credential(String(reference.dropFirst(11)))
        } else {
            return nil
        }
    }

    private static func validName(_ s: Substring) -> Bool {
        !s.isEmpty && !s.contains("/") && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-.".contains($0)) }
    }

    /// The reference as written; never the value.
    public var description: String {
        switch self {
        case .environment(let n): return "env:\(n)"
        case .credential(let n): return "credential:\(n)"
        }
    }

    /// Reads the value. The error names the reference, never the value.
    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Secret {
        switch self {
        case .environment(let name):
            guard let v = environment[name], !v.isEmpty else {
                throw SecretError("\(self): the environment variable \(name) is not set", onlyARestartMends: true)
            }
            return Secret(v)
        case .credential(let name):
            guard let dir = environment["CREDENTIALS_DIRECTORY"], !dir.isEmpty else {
                throw SecretError("\(self): $CREDENTIALS_DIRECTORY is not set (add LoadCredential=\(name):… to the unit)", onlyARestartMends: true)
            }
            let path = (dir as NSString).appendingPathComponent(name)
            let fixed = Self.filledAtStart(dir, environment: environment)
            let value: String
            do { value = try Self.credentialFile(path) } catch { throw SecretError("\(self): \(error)", onlyARestartMends: fixed) }
            guard !value.isEmpty else { throw SecretError("\(self): \(path) is empty", onlyARestartMends: fixed) }
            return Secret(value)
        }
    }

    /// What this reference reads cannot change under the running process: an environment variable, or a
    /// credential in the directory systemd fills as the service starts.
    public func fixedForTheProcess(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        switch self {
        case .environment: return true
        case .credential: return environment["CREDENTIALS_DIRECTORY"].map { Self.filledAtStart($0, environment: environment) } ?? true
        }
    }

    /// `$CREDENTIALS_DIRECTORY` is systemd's: it copies the `LoadCredential=` files there as the service starts,
    /// read-only to it, so a file missing there (or holding the wrong value) stays so until a restart
    /// (review-configside finding 11). A system service's is `/run/credentials/UNIT`, a user service's
    /// `…/credentials/UNIT` under `$XDG_RUNTIME_DIR`; a directory an operator sets by hand may change.
    static func filledAtStart(_ dir: String, environment: [String: String]) -> Bool {
        let d = (dir as NSString).standardizingPath
        if d.hasPrefix("/run/credentials/") { return true }
        guard !(environment["INVOCATION_ID"] ?? "").isEmpty else { return false }
        return ((d as NSString).deletingLastPathComponent as NSString).lastPathComponent == "credentials"
    }
}

extension SecretSource {
    /// A credential file's value, for every secret read from one (the admin token too): its text
    /// without the line breaks (CR, LF) at either end, which an editor or `echo` adds and the
    /// operator did not mean as part of the secret. Spaces and tabs are part of the value.
    static func credentialValue(_ data: Data) -> String {
        String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
    }

    /// A credential file's value (the admin token's too), read as an operator's small file is
    /// (a FIFO or a huge file is refused), then trimmed by `credentialValue`.
    public static func credentialFile(_ path: String) throws(OperatorFileError) -> String {
        credentialValue(try OperatorFile.read(path, limit: 64 << 10))
    }

    /// The secret in a credential file that must hold one (`password_file`, `sslpassword_file`, and `store copy`'s
    /// `--password-file` and `--sslpassword-file`, read alike): an empty file is refused, saying it holds no `what`.
    public static func nonEmptyCredentialFile(_ path: String, holding what: String) throws -> Secret {
        let value = try credentialFile(path)
        guard !value.isEmpty else { throw SecretError("\(path) holds no \(what)") }
        return Secret(value)
    }
}

public struct SecretError: Error, CustomStringConvertible {
    public var description: String
    /// The secret is missing from the environment, or from systemd's credentials directory, which a running
    /// process cannot have changed: a reload cannot mend it, only a restart with it set.
    public var onlyARestartMends = false
    init(_ d: String, onlyARestartMends: Bool = false) { description = d; self.onlyARestartMends = onlyARestartMends }
}

/// A config value that is either written in the config or read from a secret.
public enum SecretOrValue: Sendable, Hashable, CustomStringConvertible {
    case value(String)
    case secret(SecretSource)

    public var description: String {
        switch self {
        case .value(let v): return v
        case .secret(let s): return s.description
        }
    }

    public func resolve(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> (value: String, secret: Secret?) {
        switch self {
        case .value(let v): return (v, nil)
        case .secret(let s): let r = try s.resolve(environment: environment); return (r.value, r)
        }
    }
}
