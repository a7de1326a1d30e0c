import Foundation
import Graph
import Sync
import TestSupport
import Testing

@testable import Presentation

/// Hostile options and printed text: each test failed before its fix (docs/reliability.md).
@Suite struct InputHardeningTests {
    /// `--rate 1000/1s` was accepted silently (400 arrivals in one second, 1,304 × 429 for 400 records).
    @Test func aRateAboveTheServiceLimitIsRefusedUnlessAllowed() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        for rate in ["1000/1s", "41/1s", "40/500ms", "400/10s"] {
            for command in [["plan", input.path], ["upload", input.path, "--dry-run"], ["upload", input.path]] {
                let result = await InProcessCommand.run(command + ["--rate", rate])
                #expect(result.status == 64, "\(command) --rate \(rate): \(result.stderr)")
                #expect(result.stderr.contains("--allow-rate-above-limit"), "\(result.stderr)")
                #expect(result.stderr.contains("at most 40/1s"), "\(result.stderr)")
            }
        }
        let allowed = await InProcessCommand.run(["plan", input.path, "--rate", "1000/1s", "--allow-rate-above-limit"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        for rate in ["40/1s", "40/5s", "20/500ms"] {
            let result = await InProcessCommand.run(["plan", input.path, "--rate", rate])
            #expect(result.status == 0, "--rate \(rate): \(result.stderr)")
        }
    }

    /// A right-to-left override (U+202E) in the export was printed raw, reversing the rest of the line.
    @Test func bidirectionalControlsFromTheExportArePrintedEscaped() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active\nE1,a@contoso.com,\u{202E}eurt\n", to: "users.csv")
        let result = await InProcessCommand.run(["validate", input.path])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.contains(#""\u{202e}eurt" is not a boolean"#), "\(result.stderr)")
        #expect(!result.stderr.unicodeScalars.contains("\u{202E}"))
    }

    @Test func theConsoleEscapesWhatServerTextEscapesButKeepsItsOwnLayout() {
        let text = "a\tb\nc\u{1B}[31m\u{7}\u{85}\u{2028}\u{2029}\u{202A}\u{202E}\u{2066}\u{2069}\u{200F}\u{61C}"
        #expect(
            Console.printable(text)
                == #"a"# + "\t" + "b\nc" + #"\u{1b}[31m\u{7}\u{85}\u{2028}\u{2029}\u{202a}\u{202e}\u{2066}\u{2069}"#
                + #"\u{200f}\u{61c}"#)
    }

    /// Hostile cells through a mapping's expressions (item 5): a pattern that backtracks exponentially without a
    /// nested quantifier (45 s a row for `(x+x+)+y` on 1b09ca6; this one takes hours), nested expanding Replaces
    /// (a 2 GB allocation and SIGABRT), and an InStr that compared at every position (200 KB × 100 KB). Each row
    /// ends in its limits, as row errors naming the attribute, in bounded CPU and memory.
    @Test func hostileCellsThroughExpressionsStayWithinTheRowLimits() async throws {
        let workspace = try Workspace()
        var nested = "[Notes]"
        for _ in 0..<6 { nested = #"Replace(\#(nested), "x", , , "xxxxxxxxxx", , )"# }
        let attributes: [(String, String)] = [
            ("nickName", #"Replace([Notes], , "(x|xx)+y", , "", , )"#), ("displayName", nested),
            ("title", "CStr(InStr([Hay], [Needle]))"),
        ]
        let entries = attributes.map { path, expression in
            let quoted = String(decoding: try! JSONSerialization.data(withJSONObject: [expression]), as: UTF8.self)
            return "\"\(path)\": {\"expression\": \(quoted.dropFirst().dropLast())}"
        }
        let mapping = try workspace.write(
            #"{"attributes": {"externalId": "Id", "userName": "Email", "active": true, "#
                + entries.joined(separator: ", ") + "}}", to: "mapping.json")
        var text = "Id,Email,Notes,Hay,Needle\n"
        let hay = String(repeating: "a", count: 200_000)
        let needle = String(repeating: "a", count: 100_000) + "b"
        for row in 1...3 {
            text += "E\(row),e\(row)@contoso.com,\(String(repeating: "x", count: 60)),\(hay),\(needle)\n"
        }
        let input = try workspace.write(text, to: "users.csv")
        let result = try await BinaryRunner.run(
            ["validate", input.path, "--mapping", mapping.path, "--max-problems", "0"],
            environment: ["PROVISION_DEBUG_PEAK_RSS": "1"], timeout: 60)
        #expect(result.status == 1, "\(result.stderr)")
        for line in 2...4 {
            #expect(
                result.stderr.contains(
                    "\(input.path):\(line): error: expression column 1: Replace: the row's expressions took more than "
                        + "0.25 s of CPU"),
                "\(result.stderr)")
            #expect(
                result.stderr.contains("(externalId \"E\(line - 1)\", column Notes (nickName))"), "\(result.stderr)")
        }
        #expect(result.stderr.contains("would be longer than 64 KB, the most an expression's value may be"))
        #expect(result.stderr.contains("column Notes (displayName))"), "\(result.stderr)")
        let rss = try #require(HostileInputTests.peakRSS(result.stderr))
        #expect(rss < 64 * 1024, "peak RSS \(rss) kB")
        let cpu = try #require(HostileInputTests.cpuMilliseconds(result.stderr))
        #expect(cpu < 10_000, "CPU \(cpu) ms")
    }

    /// After the export was replaced, printed failures cited the uploaded file's lines as if they were the current
    /// file's (item 20): a line that is the uploaded file's now says so, in the text, the JSON and the Markdown.
    @Test func aFailureWhoseLineIsTheUploadedFilesSaysSo() throws {
        let header = Journal.Header(
            input: "users.csv", inputDigest: "aa", mapping: nil, mappingDigest: nil, optionsDigest: "o", batches: 1,
            endpoint: "e", jobId: "j", startedAt: Date(timeIntervalSince1970: 0), delimiter: nil, encoding: nil,
            records: 2)
        func failure(_ id: String) -> ProvisioningLogEntry {
            ProvisioningLogEntry(
                id: "r\(id)", activityDateTime: Date(timeIntervalSince1970: 60), externalId: id, displayName: nil,
                action: "create", status: "failure", errorCode: "Code", reason: nil, recommendedAction: nil,
                cycleId: "c")
        }
        let outcome = StatusRun.Outcome(
            header: header,
            summary: StatusSummary(uploaded: [("E2", 4), ("E5", 6)], entries: [failure("E2"), failure("E5")]),
            status: .someRowsFailed, linesOfUploadedFile: ["E5"])
        let out = Captured()
        StatusPrinter(console: Console(out: { out.append($0) }, err: { _ in }), choices: OutputChoices())
            .print(outcome, heal: nil)
        #expect(out.text.contains("users.csv:4: failure: externalId \"E2\" (create): Code\n"), "\(out.text)")
        #expect(
            out.text.contains("users.csv (line 6 of the uploaded file): failure: externalId \"E5\" (create): Code\n"),
            "\(out.text)")
        #expect(MarkdownSummary.status(outcome).contains("| 6 \\(uploaded file\\) | E5 |"))
        #expect(JUnitReport.xml(outcome).contains("E5 (line 6 of the uploaded file)"))
        var choices = OutputChoices()
        choices.json = true
        let json = Captured()
        StatusPrinter(console: Console(out: { json.append($0) }, err: { _ in }), choices: choices)
            .print(outcome, heal: nil)
        #expect(json.text.contains(#""lineOfUploadedFile" : true"#), "\(json.text)")
    }
}
