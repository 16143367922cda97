import Testing
import Yams
@testable import YAMLFiles

/// Recovery moves a piece's marks to the file's lines by bit-casting two Ints
/// to Yams' `Mark`, which has no public initialiser. A Yams release that changes
/// `Mark`'s layout must fail here, not put every diagnostic at a wrong place.
struct YamsMarkLayoutTests {
    @Test func aMarkIsItsLineAndColumn() {
        #expect(MemoryLayout<Mark>.size == 2 * MemoryLayout<Int>.size)
        let mark = YAMLFile.mark(line: 1234, column: 56)
        #expect(mark.line == 1234)
        #expect(mark.column == 56)
    }
}
