import Foundation
import WirewatchCore
import YAMLFiles
import Yams

/// The `sinks:` section: where alerts go.
extension ConfigLoader {
    static let sinkTypes = ["alert-log"]

    static func parseSinks(_ section: Node?, reader r: YAMLReader, resolve: (String) -> String) -> [SinkConfig] {
        var sinks: [SinkConfig] = []
        var sinkIDs: Set<String> = []
        for node in r.sequence(section, what: "'sinks'") {
            let m = r.mapping(node, what: "a sink", allowed: ["id", "type", "path"])
            guard let id = r.string(m, "id", what: "a sink", required: true) else { continue }
            if !sinkIDs.insert(id).inserted { r.report(m?["id"], "duplicate sink id '\(id)'") }
            let type = r.string(m, "type", what: "sink '\(id)'", required: true) ?? ""
            switch type {
            case "alert-log":
                guard let p = r.string(m, "path", what: "sink '\(id)'", required: true) else { continue }
                sinks.append(SinkConfig(id: id, kind: .alertLog(path: resolve(p))))
            default:
                if !type.isEmpty {
                    r.report(m?["type"], "sink '\(id)': unknown type '\(type)'; expected one of \(sinkTypes.joined(separator: ", "))")
                }
            }
        }
        return sinks
    }
}
