import CSV
import CommandLineKit
import Export
import Expressions
import Foundation
import Mapping
import Presentation
import Sync

/// The offline stage every command shares: options → an `ExportJob` (what to read and how to choose records), and
/// printing what reading it found.
struct InputStage {
    let context: CommandContext
    /// Which Entra attribute each SCIM attribute flows to, for the checks of Entra's limits; the default mappings
    /// unless the job's own are known.
    var flows = AttributeFlows.defaultMappings

    /// The export job of this command line; `--state`, `--missing`, `--max-rename`, `--full` only where allowed.
    func job(input: String) throws(UsageError) -> ExportJob {
        let arguments = context.arguments
        var reader = ExportReader()
        reader.dialect = try Self.dialect(arguments)
        reader.mappingFile = arguments.value("mapping")
        reader.emptyAsNull = arguments.flag("empty-as-null")
        reader.allowMissingActive = arguments.flag("allow-missing-active")
        reader.flows = flows
        // The endpoint's job id says where the job provisions to (upload; offline commands learn it from --schema).
        if reader.flows.directory == nil,
            let text = context.settings?.value("endpoint") ?? arguments.value("endpoint"),
            let endpoint = try? BulkUploadEndpoint.parse(
                text, allowedHosts: context.settings?.all("allow-host") ?? [], setting: "--endpoint")
        {
            reader.flows.directory = TargetDirectory(jobId: endpoint.jobId)
        }
        reader.now = try ExpressionClock.pinned(context.environment)
        if let size = try arguments.integer("batch-size", in: 1...50) { reader.batchSize = size }
        let identity = RunIdentity.Options(
            batchSize: reader.batchSize, emptyAsNull: reader.emptyAsNull, delimiter: arguments.value("delimiter"),
            encoding: arguments.value("encoding"))
        var job = ExportJob(
            input: input, reader: reader, statePath: arguments.value("state"), identityOptions: identity)
        if let text = arguments.value("max-disable") {
            guard let threshold = DeltaPlan.Threshold(text) else {
                throw UsageError("--max-disable takes a count (e.g. 25) or a percentage (e.g. 5%), not '\(text)'")
            }
            job.brakes?.maxDisable = threshold
        }
        if job.statePath != nil {
            if let text = arguments.value("missing") {
                guard let policy = DeltaPlan.MissingPolicy(rawValue: text) else {
                    throw UsageError("--missing takes 'report' or 'disable', not '\(text)'")
                }
                job.delta.missing = policy
            }
            if let text = arguments.value("max-rename") {
                guard let threshold = DeltaPlan.Threshold(text) else {
                    throw UsageError("--max-rename takes a count (e.g. 25) or a percentage (e.g. 5%), not '\(text)'")
                }
                job.brakes?.maxRename = threshold
            }
            job.delta.full = arguments.flag("full")
            job.delta.allowEmptyExport = arguments.flag("allow-empty-export")
        } else if ["missing", "max-rename", "full"].contains(where: { flagGiven($0) }) {
            throw UsageError(
                "--full, --missing and --max-rename go with --state FILE (they compare against the last accepted run)")
        }
        return job
    }

    /// Given on the command line (not merely in a shared config file, which may serve commands with `--state`).
    private func flagGiven(_ option: String) -> Bool {
        context.arguments.has(option) && (context.settings?.source(of: option) ?? .flag) == .flag
    }

    /// `--schema FILE` (validate, plan): the checks follow the job's own flows. Prints why and returns the status
    /// when the file cannot be used.
    mutating func loadSchema(report: inout RunReport) -> ExitStatus? {
        guard let path = context.arguments.value("schema") else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail(.noInput("--schema \(path): cannot read it"), report: &report)
        }
        do {
            flows = try AttributeFlows(savedSchema: data)
            return nil
        } catch {
            return fail(
                .data(
                    "--schema \(path) is not a job's synchronization schema (\(error.message)); save one with "
                        + "'provision schema show --out FILE'"),
                report: &report)
        }
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
                throw UsageError(
                    "--encoding takes \(TextEncoding.allCases.map(\.rawValue).joined(separator: ", ")), not '\(name)'")
            }
            dialect.encoding = encoding
        }
        return dialect
    }

    /// Reads and selects the export; on failure prints why, writes the report (if asked for) and returns the status.
    func plan(_ job: ExportJob, report: inout RunReport) -> Result<ExportPlan, ExitStatus> {
        do {
            return .success(try ExportPlanner.plan(job))
        } catch {
            return .failure(fail(error, report: &report))
        }
    }

    /// Prints the export's problems (`ProblemPrinter`).
    func printProblems(_ export: BatchedExport) {
        ProblemPrinter(console: context.console, choices: context.output).print(export)
    }

    /// Problems, then the leavers found with `--state`.
    func printPrepared(_ planned: ExportPlan) {
        ProblemPrinter(console: context.console, choices: context.output).print(planned)
    }

    /// Ends a run that stops before sending anything: prints why; the report (if asked for) says so too.
    func fail(_ error: SyncError, report: inout RunReport) -> ExitStatus {
        context.console.error(error, input: report.input)
        report.recordStop(error)
        report.finish(status: error.exitStatus)
        if context.arguments.flag("json") {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        }
        return writeReport(report) ? error.exitStatus : .cannotCreate
    }

    func writeReport(_ report: RunReport) -> Bool { context.summaryOutput.writeReport(report) }
}
