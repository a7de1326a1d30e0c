import Basics
import Export
import Mapping
import Sync

/// Prints the problems of an export on stderr: errors before warnings, each in line order; a warning that repeats is
/// one line (its kind, how many, the first three lines) instead of one line per row; at most `--max-problems` lines.
/// With `--quiet` only the errors are printed (a row left out is never left out silently); the report holds them all.
package struct ProblemPrinter {
    let console: Console
    let choices: OutputChoices

    package init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    /// Warnings of one kind that occur more often than this are summarised.
    static let summariseAfter = 3

    package func print(_ export: BatchedExport) {
        print(Self.lines(shown(export.problems), log: export.problemLog, file: export.file))
    }

    /// Problems outside an export's log (found by a later check): errors first, each in line order.
    package func print(_ problems: [Problem], file: String) {
        var log = ProblemLog()
        log.add(contentsOf: problems)
        print(Self.lines(shown(problems), log: log, file: file))
    }

    /// `--quiet` leaves out the warnings, never the errors.
    private func shown(_ problems: [Problem]) -> [Problem] {
        choices.quiet ? problems.filter { $0.severity == .error } : problems
    }

    /// One printed line: its text, and for `--log-format json` its message, level and fields.
    struct Line {
        let text: String
        let message: String
        let level: Problem.Severity
        let fields: Console.EventFields
    }

    private func print(_ lines: [Line]) {
        let limit = choices.maxProblems
        let shown = limit == 0 ? lines.count : min(limit ?? 20, lines.count)
        for line in lines.prefix(shown) {
            console.problem(line.text, message: line.message, level: line.level.rawValue, fields: line.fields)
        }
        if shown < lines.count {
            let place =
                choices.reportPath.map { "in \($0)" } ?? "with --report FILE or --max-problems 0"
            console.diagnostic("… and \(lines.count - shown) more (see them \(place))")
        }
    }

    /// Problems, then the leavers found with `--state`.
    package func print(_ planned: ExportPlan) {
        print(planned.export)
        guard let delta = planned.delta, !delta.leavers.isEmpty, !choices.quiet else { return }
        let one = delta.leavers.count == 1
        let verb =
            delta.missing == .disable
            ? "will be disabled (active: false)"
            : one
                ? "is reported only (--missing disable sends it with active: false)"
                : "are reported only (--missing disable sends them with active: false)"
        let names =
            delta.leavers.prefix(20).map { id in planned.state?.displayName(of: id).map { "\($0) (\(id))" } ?? id }
            .joined(separator: ", ") + (delta.leavers.count > 20 ? ", …" : "")
        console.diagnostic(
            "provision: \(plural(delta.leavers.count, "person", "people")) known from earlier runs "
                + "\(delta.leavers.count == 1 ? "is" : "are") missing from this export and \(verb): \(names)"
        )
    }

    /// The lines to print: errors first, then warnings, repeated warnings summarised.
    static func lines(_ problems: [Problem], log: ProblemLog, file: String) -> [Line] {
        func line(_ problem: Problem) -> Line {
            Line(
                text: problem.formatted(file: file), message: problem.message, level: problem.severity,
                fields: fields(problem, file: file))
        }
        let errors = problems.filter { $0.severity == .error }.sorted { $0.line < $1.line }
        var out = errors.map(line)
        var summarised = Set<String>()
        for problem in problems where problem.severity == .warning {
            let count = log.counts[problem.kind] ?? 1
            guard count > summariseAfter else {
                out.append(line(problem))
                continue
            }
            guard summarised.insert(problem.kind).inserted else { continue }
            let first = problems.filter { $0.kind == problem.kind }.prefix(3).map { String($0.line) }
            // A JSON record's problem has its JSON path: it is named by its position, not a line.
            let place = problem.jsonPath == nil ? "first on lines" : "first at records"
            let message =
                "\(count.formatted()) × \(problem.kind), \(place) \(first.joined(separator: ", ")): "
                + problem.message
            var fields = fields(problem, file: file)
            fields.externalId = nil
            out.append(
                Line(text: "\(file): warning: \(message)", message: message, level: .warning, fields: fields))
        }
        return out
    }

    /// Where a problem is, for a JSON log event.
    static func fields(_ problem: Problem, file: String) -> Console.EventFields {
        Console.EventFields(
            file: problem.file ?? file, line: problem.line, externalId: problem.externalId, column: problem.column,
            kind: problem.kind)
    }
}

extension Console {
    /// A run that stops before sending: its message, or with JSON logs one event per problem (each problem of an
    /// unusable mapping on its own, with its file, line, attribute and kind).
    package func error(_ stop: SyncError, input: String) {
        guard jsonLogs else { return error(stop.localizedDescription) }
        for problem in stop.problems {
            error(problem.message, fields: ProblemPrinter.fields(problem, file: input))
        }
    }
}
