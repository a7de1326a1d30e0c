import Foundation
import TestSupport
import Testing

@testable import Presentation

/// The second attack's findings about options and printed text (issue 24): each test failed on 1b09ca6.
@Suite struct InputHardeningTests {
    /// `--rate 1000/1s` was accepted silently (400 arrivals in one second, 1,304 × 429 for 400 records).
    @Test func aRateAboveTheServiceLimitIsRefusedUnlessAllowed() async throws {
        let workspace = try Workspace()
        let input = try workspace.write("externalId,userName,active\nE1,a@contoso.com,true\n", to: "users.csv")
        for rate in ["1000/1s", "41/1s", "40/500ms", "400/10s"] {
            for command in [["plan", input.path], ["upload", input.path, "--dry-run"], ["upload", input.path]] {
                let result = await InProcess.run(command + ["--rate", rate])
                #expect(result.status == 64, "\(command) --rate \(rate): \(result.stderr)")
                #expect(result.stderr.contains("--allow-rate-above-limit"), "\(result.stderr)")
                #expect(result.stderr.contains("at most 40/1s"), "\(result.stderr)")
            }
        }
        let allowed = await InProcess.run(["plan", input.path, "--rate", "1000/1s", "--allow-rate-above-limit"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        for rate in ["40/1s", "40/5s", "20/500ms"] {
            let result = await InProcess.run(["plan", input.path, "--rate", rate])
            #expect(result.status == 0, "--rate \(rate): \(result.stderr)")
        }
    }

    /// A right-to-left override (U+202E) in the export was printed raw, reversing the rest of the line.
    @Test func bidirectionalControlsFromTheExportArePrintedEscaped() async throws {
        let workspace = try Workspace()
        let input = try workspace.write(
            "externalId,userName,active\nE1,a@contoso.com,\u{202E}eurt\n", to: "users.csv")
        let result = await InProcess.run(["validate", input.path])
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
}
