import Rules
import Testing

/// NEAR's windows with right spans of different lengths: a long one (a phrase, a SENTENCE window) from an OR operand
/// before and after the left word, found by their ends and their starts (review of this session, 11), and the rows
/// checked as QueryMatchTests checks its own.
@Suite struct NearWindowTests {
    static let rows: [QueryMatchTests.Row] = [
        QueryMatchTests.yes("alpha NEAR/2 (beta OR \"gamma delta epsilon zeta\")", "[gamma delta epsilon zeta one alpha] then nothing"),
        QueryMatchTests.yes("alpha NEAR/2 (beta OR \"gamma delta epsilon zeta\")", "[alpha one two gamma delta epsilon zeta] after"),
        QueryMatchTests.no("alpha NEAR/2 (beta OR \"gamma delta epsilon zeta\")", "gamma delta epsilon zeta one two three alpha"),
        QueryMatchTests.yes("alpha NEAR/2 (beta OR \"gamma delta epsilon zeta\")",
                            "[gamma delta epsilon zeta alpha] x x x x [beta alpha] x x x x [alpha one beta]"),
        QueryMatchTests.no("alpha ONEAR/2 (beta OR \"gamma delta epsilon zeta\")", "gamma delta epsilon zeta alpha and so on"),
        QueryMatchTests.yes("alpha ONEAR/2 (beta OR \"gamma delta epsilon zeta\")", "[alpha gamma delta epsilon zeta] and [alpha x beta]"),
    ]

    @Test(arguments: rows) func row(_ row: QueryMatchTests.Row) throws {
        try QueryMatchTests().row(row)
    }
}
