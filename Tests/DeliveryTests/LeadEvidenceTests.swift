import Delivery
import Foundation
import Testing
import WirewatchCore

/// The snippet a person reads beside the title (tail, chat presets, templates' `snippet`)
/// shows the article's text: a match in the title would only repeat the title.
@Suite struct LeadEvidenceTests {
    static let title = "Él dice: 中文 😀 DeepSeek \"copycat\" claims"
    static let body = "Le café était plein. 中文报道说 😀🎉 that DeepSeek \"distilled\" models, said a source."

    func record(_ why: [AlertRecord.Evidence]) -> AlertRecord {
        var r = OutboxFixture.record("LEAD1", title: Self.title)
        r.why = why
        return r
    }

    let inTitle = AlertRecord.Evidence(clause: "DeepSeek", field: "title", span: [14, 22], match: "DeepSeek", snippet: title)
    let inText = AlertRecord.Evidence(clause: "DeepSeek", field: "text", span: [35, 43], match: "DeepSeek", snippet: body)
    let topic = AlertRecord.Evidence(clause: "topic:model-distillation", field: "topic", span: [], snippet: "model-distillation 0.90")

    @Test func aMatchInTheTextLeadsOverOneInTheTitle() {
        let r = record([inTitle, inText])
        #expect(r.leadEvidence == inText)
        #expect(AlertLine.format(r, color: false).hasSuffix("[tech-desk] \(Self.body)"), "\(AlertLine.format(r, color: false))")
        #expect(AlertLine.format(r, color: true).contains("\u{1B}[1;4mDeepSeek\u{1B}[0m \"distilled\""))
    }

    @Test func aTitleMatchLeadsWhenItIsTheOnlySpan() {
        #expect(record([topic, inTitle]).leadEvidence == inTitle)
        #expect(record([topic]).leadEvidence == topic)
        #expect(record([]).leadEvidence == nil)
    }
}
