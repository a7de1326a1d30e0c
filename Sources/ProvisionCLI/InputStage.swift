import CSV
import Foundation
import Mapping

/// The offline stage every command shares: options → `ExportPreparer` → `PreparedExport`, with file-level errors
/// turned into exit statuses and messages.
struct InputStage {
    let context: CommandContext

    /// The delta selection of this run, when `--state` is given (set up by `prepare`).
    final class Delta {
        var selection: DeltaSelection?
        var state: StateFile?
        /// `--resume`: externalIds an earlier run had accepted, and the selection that skipped them.
        var resumeAccepted: Set<String> = []
        var resume: ResumeSelection?
    }
    let delta = Delta()

    func preparer() throws -> ExportPreparer {
        let arguments = context.arguments
        var preparer = ExportPreparer()
        preparer.dialect = try Self.dialect(arguments)
        preparer.mappingFile = arguments.value("mapping")
        preparer.emptyAsNull = arguments.flag("empty-as-null")
        preparer.now = try ExpressionClock.pinned(context.environment)
        if let size = try arguments.integer("batch-size", in: 1...50) { preparer.batchSize = size }
        if let statePath = arguments.value("state") {
            let missing = try arguments.value("missing").map { text throws(UsageError) in
                guard let policy = DeltaSelection.MissingPolicy(rawValue: text) else { throw UsageError("--missing takes 'report' or 'disable', not '\(text)'") }
                return policy
            } ?? .report
            let threshold = try arguments.value("max-disable").map { text throws(UsageError) in
                guard let threshold = DeltaSelection.Threshold(text) else { throw UsageError("--max-disable takes a count (e.g. 25) or a percentage (e.g. 5%), not '\(text)'") }
                return threshold
            } ?? .percent(5)
            let state = try StateFile.load(path: statePath)
            let selection = DeltaSelection(state: state, full: arguments.flag("full"), missing: missing, threshold: threshold)
            delta.state = state
            delta.selection = selection
            preparer.selection = selection
        } else if ["missing", "max-disable", "full"].contains(where: { arguments.has($0) && context.settings?.source(of: $0) == .flag }) {
            throw UsageError("--full, --missing and --max-disable go with --state FILE (they compare against the last accepted run)")
        }
        if !delta.resumeAccepted.isEmpty {
            let resume = ResumeSelection(inner: preparer.selection, accepted: delta.resumeAccepted)
            delta.resume = resume
            preparer.selection = resume
        }
        return preparer
    }

    static func dialect(_ arguments: ParsedArguments) throws(UsageError) -> CSVDialect {
        var dialect = CSVDialect()
        if let name = arguments.value("delimiter") {
            guard let delimiter = CSVDialect.delimiter(named: name) else {
                throw UsageError("--delimiter takes ',', ';', '|' or 'tab', not '\(name)'")
            }
            dialect.delimiter = delimiter
        }
        if let name = arguments.value("encoding") {
            guard let encoding = TextEncoding(name: name) else {
                throw UsageError("--encoding takes \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
            }
            dialect.encoding = encoding
        }
        return dialect
    }

    /// Runs pass one; on failure prints the error and returns the exit status instead.
    func prepare(_ path: String) -> Result<PreparedExport, ExitStatus> {
        do {
            return .success(try preparer().prepare(path: path))
        } catch let error as UsageError {
            context.console.error(error.message)
            return .failure(.usage)
        } catch let error as CSVError {
            context.console.error(error.localizedDescription)
            if case .cannotOpen = error { return .failure(.noInput) }
            return .failure(.dataError)
        } catch let error as MappingError {
            context.console.error(error.localizedDescription)
            if case .unreadableMapping = error { return .failure(.noInput) }
            return .failure(.dataError)
        } catch let error as DeltaError {
            context.console.error(error.localizedDescription)
            return .failure(.dataError)
        } catch let error as StateError {
            context.console.error(error.localizedDescription)
            return .failure(.dataError)
        } catch {
            context.console.error(error.localizedDescription)
            return .failure(.internalError)
        }
    }

    /// Prints problems on stderr, at most `--max-problems` of them, saying how many more the report holds.
    func printProblems(_ export: PreparedExport) {
        let limit = (try? context.arguments.integer("max-problems", in: 0...Int.max)) ?? nil
        let shown = limit == 0 ? export.problems.count : min(limit ?? 20, export.problems.count)
        let name = export.file
        for problem in export.problems.prefix(shown) where !(context.quiet && problem.severity == .warning) {
            context.console.diagnostic(problem.formatted(file: name))
        }
        if shown < export.problems.count {
            let where_ = context.arguments.value("report").map { "in \($0)" } ?? "with --report FILE or --max-problems 0"
            context.console.diagnostic("… and \(export.problems.count - shown) more problems (see them all \(where_))")
        }
    }

    /// Ends a run that stops before sending anything: the report (if asked for) says why, with this status.
    func fail(_ status: ExitStatus, report: inout RunReport) -> ExitStatus {
        report.finish(status: status)
        _ = writeReport(report)
        return status
    }

    func writeReport(_ report: RunReport) -> Bool {
        guard let path = context.arguments.value("report") else { return true }
        do {
            try report.write(to: path)
            return true
        } catch {
            context.console.error(error.localizedDescription)
            return false
        }
    }
}
