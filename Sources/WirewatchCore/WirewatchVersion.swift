/// The release, as shown by `--version` and in the fetcher's User-Agent.
public enum WirewatchVersion {
    public static let string = "0.1.0"
    public static let userAgent = "wirewatch/\(string) (+https://github.com/wirewatch/wirewatch)"
}
