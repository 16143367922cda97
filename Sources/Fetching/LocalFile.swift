import Foundation
import Glibc

/// Why the file a `file:` URL names cannot be read as a feed, in the system's words, or nil when it
/// can. libcurl says "Couldn't open file PATH" whatever the reason, and reads a directory as an
/// empty body.
enum LocalFile {
    static func problem(url: String) -> String? {
        guard let path = URL(string: url)?.path, !path.isEmpty else { return nil }
        var st = stat()
        guard stat(path, &st) == 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        if st.st_mode & S_IFMT == S_IFDIR { return "\(path) is a directory; a file: url names a feed file" }
        // Non-blocking: a FIFO must not hold the fetcher's thread until a writer comes.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return "\(path): \(String(cString: strerror(errno)))" }
        close(fd)
        return nil
    }
}
