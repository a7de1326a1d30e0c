import Foundation
import Mapping
import TestSupport
import Testing

@testable import Presentation

/// The export's problems on stderr: errors first in line order, a warning that repeats summarised in one line, at
/// most `--max-problems` lines with a pointer to the rest, and `--quiet` printing the errors only.
@Suite struct ProblemPrinterTests {
    static func warning(_ line: Int, kind: String = "managerNotInFile") -> Problem {
        Problem(
            line: line, externalId: "E\(line)", column: "manager", severity: .warning,
            message: "manager \"BOSS\" is not in the file", kind: kind)
    }

    static func error(_ line: Int) -> Problem {
        Problem(
            line: line, externalId: "E\(line)", column: "active", severity: .error, message: "not a boolean",
            kind: "notABoolean")
    }

    static func printed(_ problems: [Problem], configure: (inout OutputChoices) -> Void = { _ in }) -> [String] {
        let err = Captured()
        var choices = OutputChoices()
        configure(&choices)
        ProblemPrinter(console: Console(out: { _ in }, err: { err.append($0) }), choices: choices)
            .print(problems, file: "users.csv")
        return err.text.split(separator: "\n").map(String.init)
    }

    @Test func errorsComeFirstInLineOrderThenTheWarnings() {
        let lines = Self.printed([Self.warning(2), Self.error(9), Self.error(4)])
        #expect(
            lines == [
                "users.csv:4: error: not a boolean (externalId \"E4\", column active)",
                "users.csv:9: error: not a boolean (externalId \"E9\", column active)",
                "users.csv:2: warning: manager \"BOSS\" is not in the file (externalId \"E2\", column manager)",
            ])
    }

    @Test func aWarningRepeatedMoreThanThreeTimesIsOneLine() {
        let three = Self.printed((2...4).map { Self.warning($0) })
        #expect(three.count == 3, "three of a kind are each shown: \(three)")
        let lines = Self.printed((2...8).map { Self.warning($0) } + [Self.warning(9, kind: "other")])
        #expect(
            lines == [
                "users.csv: warning: 7 × managerNotInFile, first on lines 2, 3, 4: manager \"BOSS\" is not in the file",
                "users.csv:9: warning: manager \"BOSS\" is not in the file (externalId \"E9\", column manager)",
            ])
    }

    @Test func atMostMaxProblemsLinesAndWhereToSeeTheRest() {
        let errors = (2...26).map(Self.error)
        let byDefault = Self.printed(errors)
        #expect(byDefault.count == 21)
        #expect(byDefault.last == "… and 5 more (see them with --report FILE or --max-problems 0)")
        let capped = Self.printed(errors) {
            $0.maxProblems = 3
            $0.reportPath = "r.json"
        }
        #expect(capped.count == 4 && capped.last == "… and 22 more (see them in r.json)")
        #expect(Self.printed(errors) { $0.maxProblems = 0 }.count == 25)
    }

    @Test func quietPrintsEveryErrorAndNoWarning() {
        let lines = Self.printed([Self.warning(2), Self.error(3), Self.warning(4)]) { $0.quiet = true }
        #expect(lines == ["users.csv:3: error: not a boolean (externalId \"E3\", column active)"])
    }

    @Test func aProblemOfAnotherFileNamesThatFileInItsJSONEvent() {
        let problem = Problem(
            line: 4, externalId: nil, column: "userName", severity: .error, message: "no such column", kind: "column",
            file: "mapping.json")
        let fields = ProblemPrinter.fields(problem, file: "users.csv")
        #expect(fields.file == "mapping.json" && fields.line == 4 && fields.kind == "column")
        #expect(ProblemPrinter.fields(Self.error(2), file: "users.csv").file == "users.csv")
    }
}
