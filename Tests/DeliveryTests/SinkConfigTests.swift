import Daemon
import Delivery
import Foundation
import Testing
import TestSupport
import WirewatchCore

/// The `sinks:` section: every option read, every mistake named by file:line:column.
@Suite struct SinkConfigTests {
    func parse(_ sinks: String, path: String = "/etc/wirewatch/wirewatch.yaml") -> Result<DaemonConfig, Diagnostics> {
        ConfigLoader.parse(text: "store: state.sqlite\nsinks:\n" + sinks, path: path)
    }

    func errors(_ sinks: String) -> [String] {
        guard case .failure(let d) = parse(sinks) else { return [] }
        return d.items.map(\.description)
    }

    @Test func everySinkTypeAndOption() throws {
        let config = try parse("""
              - id: alert-log
                type: alert-log
                path: alerts.jsonl
                fsync: line
                rotate: { size: 100MiB, keep: 3 }
              - id: policy-slack
                type: slack
                url: env:SLACK_URL
                digest: 10m
                concurrency: 2
                retry: { initial: 2s, max: 5m, max_age: 12h }
              - id: pager
                type: webhook
                url: https://pager.example/events
                secret: credential:pager-secret
                headers: { Authorization: env:PAGER_TOKEN, X-Team: policy }
                timeout: 5s
                template: '{"summary": "{{headline}}"}'
              - id: phone
                type: ntfy
                url: https://ntfy.sh/wirewatch-alerts
            """).get()
        #expect(config.sinks.map(\.id) == ["alert-log", "policy-slack", "pager", "phone"])
        #expect(config.sinks[0].alertLogPath == "/etc/wirewatch/alerts.jsonl")
        #expect(config.sinks[0].log == AlertLogSink.Options(fsync: .line, rotateBytes: 100 << 20, keep: 3))
        #expect(config.sinks[1].delivery == DeliveryWorker.Options(concurrency: 2, digest: 600))
        #expect(config.sinks[1].retry == RetryPolicy(base: 2, cap: 300, maxAge: 43200))
        guard case .webhook(let slack) = config.sinks[1].kind, case .webhook(let pager) = config.sinks[2].kind else {
            Issue.record("expected webhooks"); return
        }
        #expect(slack.url == .secret(.environment("SLACK_URL")))
        #expect(slack.format == .preset(.slack))
        #expect(pager.secret == .credential("pager-secret"))
        #expect(pager.headers == ["Authorization": .secret(.environment("PAGER_TOKEN")), "X-Team": .value("policy")])
        #expect(pager.timeout == 5)
        if case .template(let t) = pager.format { #expect(t.source == "{\"summary\": \"{{headline}}\"}") } else { Issue.record("no template") }
        #expect(config.sinks[0].log.fsync == .line)
        #expect(try parse("  - { id: log, type: alert-log, path: a.jsonl }\n").get().sinks[0].log.fsync == .batch)
    }

    @Test func aSecretWrittenInTheConfigIsRefused() {
        #expect(errors("""
              - id: hook
                type: webhook
                url: https://hooks.example/x
                secret: hunter2
            """) == ["/etc/wirewatch/wirewatch.yaml:6:13: sink 'hook': 'secret' must be env:NAME or credential:NAME; a secret is never written in the config file"])
        #expect(errors("""
              - id: slack
                type: slack
                url: https://hooks.slack.com/services/T000/B000/XXXX
            """) == ["/etc/wirewatch/wirewatch.yaml:5:10: sink 'slack': a slack webhook URL is a credential; write it as env:NAME or credential:NAME, not in the config file"])
    }

    @Test func aBrokenTemplateIsAConfigError() {
        let e = errors("""
              - id: hook
                type: webhook
                url: https://hooks.example/x
                template: |
                  {"a": "{{#why}}{{clause}}"}
            """)
        #expect(e.count == 1)
        #expect(e.first?.hasPrefix("/etc/wirewatch/wirewatch.yaml:6:15: sink 'hook': template line") == true, "\(e)")
    }

    @Test func aTemplateFileIsReadRelativeToTheConfig() throws {
        let dir = try makeTemporaryDirectory("tpl")
        try "{\"t\": \"{{headline}}\"}".write(to: dir.appendingPathComponent("hook.mustache"), atomically: true, encoding: .utf8)
        try "{{#a}}".write(to: dir.appendingPathComponent("bad.mustache"), atomically: true, encoding: .utf8)
        let path = dir.appendingPathComponent("wirewatch.yaml").path
        let ok = parse("  - { id: hook, type: webhook, url: 'https://h.example/', template_file: hook.mustache }\n", path: path)
        if case .failure(let d) = ok { Issue.record("\(d)") }
        guard case .failure(let d) = parse("  - { id: hook, type: webhook, url: 'https://h.example/', template_file: bad.mustache }\n", path: path) else {
            Issue.record("a broken template file was accepted"); return
        }
        #expect(d.items.first?.message.contains("\(dir.path)/bad.mustache:1:") == true, "\(d)")
    }

    @Test func badValuesAreNamed() {
        #expect(errors("  - { id: log, type: alert-log, path: a.jsonl, fsync: sometimes }\n")
                == ["/etc/wirewatch/wirewatch.yaml:3:55: sink 'log': 'fsync' must be one of line, batch, never (got 'sometimes')"])
        #expect(errors("  - { id: log, type: alert-log, path: a.jsonl, rotate: { size: lots } }\n").first?.contains("rotate 'size' must be a size") == true)
        #expect(errors("  - { id: log, type: alert-log, path: a.jsonl, digest: 5m }\n").first?.contains("unknown key 'digest'") == true)
        #expect(errors("  - { id: n, type: ntfy, url: 'https://ntfy.sh/' }\n").first?.contains("an ntfy URL names the topic") == true)
        #expect(errors("  - { id: t, type: slack, url: env:X, template: '{}' }\n").first?.contains("templates are for type 'webhook'") == true)
    }
}
