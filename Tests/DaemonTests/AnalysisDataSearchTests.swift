import Daemon
import Foundation
import Testing

/// Where a config without `data` (and `analyze`) looks: a developer's build reads its own checkout's data before
/// any installed copy (review-configside, 9: a `.build` binary and the tests read what `make install` once put in
/// /usr/local, perhaps older).
@Suite struct AnalysisDataSearchTests {
    @Test func aBuildReadsItsCheckoutBeforeTheInstalledData() {
        let binary = "/src/wirewatch/.build/debug/wirewatch"
        let search = AnalysisDataSearch(environment: ["PATH": ""], arguments: [binary], executable: URL(fileURLWithPath: binary))
        #expect(search.places == ["/src/wirewatch/.build/share/wirewatch", "/src/wirewatch/Config",
                                  "/usr/local/share/wirewatch", "/usr/share/wirewatch"], "\(search.places)")
        let installed = AnalysisDataSearch(environment: ["PATH": ""], arguments: ["/opt/ww/bin/wirewatch"],
                                           executable: URL(fileURLWithPath: "/opt/ww/bin/wirewatch"))
        #expect(installed.places == ["/opt/ww/share/wirewatch", "/usr/local/share/wirewatch", "/usr/share/wirewatch"], "\(installed.places)")
    }
}
