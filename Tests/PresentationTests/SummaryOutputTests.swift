import Foundation
import TestSupport
import Testing

@testable import Presentation

/// Where the Markdown summary goes: `--summary-md FILE` (replaced) and GitHub Actions' GITHUB_STEP_SUMMARY (appended
/// to, never replaced); a file that cannot be written is an error.
@Suite struct SummaryOutputTests {
    static func output(_ configure: (inout OutputChoices) -> Void) -> (SummaryOutput, err: Captured) {
        let err = Captured()
        var choices = OutputChoices()
        configure(&choices)
        return (SummaryOutput(console: Console(out: { _ in }, err: { err.append($0) }), choices: choices), err)
    }

    @Test func nothingAskedIsNothingComputedOrWritten() {
        let (output, _) = Self.output { _ in }
        #expect(!output.wantsMarkdown)
        var computed = false
        let written = output.writeMarkdown(
            {
                computed = true
                return "# x"
            }())
        #expect(written)
        #expect(!computed, "the summary is not computed when nobody reads it")
        #expect(Self.output { $0.stepSummaryPath = "" }.0.wantsMarkdown == false, "an empty GITHUB_STEP_SUMMARY")
        #expect(Self.output { $0.summaryAsked = true }.0.wantsMarkdown)
    }

    @Test func theFileIsReplacedAndTheStepSummaryAppendedTo() throws {
        let workspace = try Workspace()
        let file = try workspace.write("old file\n", to: "summary.md")
        let step = try workspace.write("# earlier step\n", to: "step.md")
        let (output, err) = Self.output {
            $0.summaryAsked = true
            $0.summaryPath = file.path
            $0.stepSummaryPath = step.path
        }
        #expect(output.writeMarkdown("## upload"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "## upload")
        #expect(try String(contentsOf: step, encoding: .utf8) == "# earlier step\n## upload\n")
        // Two halves (upload --wait): the page gets each at once, the file both at the end.
        #expect(output.appendStepSummary("## upload"))
        #expect(output.writeMarkdown("## status", after: "## upload"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "## upload\n## status")
        #expect(
            try String(contentsOf: step, encoding: .utf8)
                == "# earlier step\n## upload\n## upload\n## status\n")
        #expect(err.text.isEmpty)
    }

    @Test func aFileThatCannotBeWrittenIsAnError() throws {
        let workspace = try Workspace()
        let (output, err) = Self.output {
            $0.summaryAsked = true
            $0.summaryPath = workspace.url("missing-folder/summary.md").path
        }
        #expect(!output.writeMarkdown("## upload"))
        #expect(err.text.hasPrefix("provision: error: "), "\(err.text)")
        #expect(err.text.contains("missing-folder/summary.md"), "\(err.text)")
    }
}
