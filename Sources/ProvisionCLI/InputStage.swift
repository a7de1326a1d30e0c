import CSV
import CommandLineKit
import CommandReference
import Configuration
import Export
import Expressions
import Foundation
import Graph
import Mapping
import Preflight
import Presentation
import Sync

/// The offline stage every command shares: options → an `ExportJob` (what to read and how to choose records), and
/// printing what reading it found.
struct InputStage {
    let context: CommandContext
    /// Which Entra attribute each SCIM attribute flows to, for the checks of Entra's limits; the default mappings
    /// unless the job's own are known.
    var flows = AttributeFlows.defaultMappings
    /// The job's schema saved with `schema show --out` (`--schema FILE`), for `--directory`.
    var savedSchema: JobSchema?

    /// The export job of this command line; `--state`, `--missing`, `--max-rename`, `--full` only where allowed.
    /// `snapshot`: the input is a source's snapshot (NDJSON, whatever `--format` and `--records-path` said of the
    /// source's pages).
    func job(input: String, snapshot: Bool = false) throws(SyncError) -> ExportJob {
        let values = context.values
        try checkFormatOptions(input: input, snapshot: snapshot)
        var reader = ExportReader()
        reader.dialect = Self.dialect(values)
        reader.format = snapshot ? .ndjson : values[Options.format]
        reader.recordsPath = snapshot ? nil : values[Options.recordsPath]
        reader.mappingFile = values[Options.mapping]
        reader.emptyAsNull = values.flag(Options.emptyAsNull)
        reader.allowMissingActive = values.flag(Options.allowMissingActive)
        reader.flows = flows
        // The endpoint's job id says where the job provisions to (upload; offline commands learn it from --schema).
        if reader.flows.directory == nil, let text = values[Options.endpoint],
            let endpoint = try? BulkUploadEndpoint.parse(
                text, allowedHosts: values.all(Options.allowHost), setting: "--endpoint")
        {
            reader.flows.directory = TargetDirectory(jobId: endpoint.jobId)
        }
        do {
            reader.now = try ExpressionClock.pinned(context.environment)
        } catch {
            throw .usage(error.message)
        }
        if let size = values[Options.batchSize] { reader.batchSize = size }
        let identity = RunIdentity.Options(
            batchSize: reader.batchSize, emptyAsNull: reader.emptyAsNull, delimiter: values.text(Options.delimiter),
            encoding: values.text(Options.encoding), format: reader.format?.rawValue, recordsPath: reader.recordsPath)
        var job = ExportJob(
            input: input, reader: reader, statePath: values[Options.state], identityOptions: identity)
        if let threshold = values[Options.maxDisable] { job.brakes?.maxDisable = threshold }
        if job.statePath != nil {
            if let policy = values[Options.missing] { job.delta.missing = policy }
            if let threshold = values[Options.maxRename] { job.brakes?.maxRename = threshold }
            job.delta.full = values.flag(Options.full)
            job.delta.allowEmptyExport = values.flag(Options.allowEmptyExport)
        } else if values.isFlag(Options.missing) || values.isFlag(Options.maxRename) || values.isFlag(Options.full) {
            // Only given on the command line: a shared config file may serve commands with `--state`.
            throw .usage(
                "--full, --missing and --max-rename go with --state FILE (they compare against the last accepted run)")
        }
        return job
    }

    /// The CSV options given for JSON records, or `--records-path` for a CSV, are a mistake to say, not to pass over
    /// (only when given on the command line: a shared config file may serve other inputs).
    private func checkFormatOptions(input: String, snapshot: Bool) throws(SyncError) {
        let values = context.values
        let csvOptions = [Options.delimiter.name, Options.encoding.name].filter { name in
            values.given.contains { $0.declaration.name == name && $0.source == .flag }
        }
        guard !csvOptions.isEmpty || values.isFlag(Options.recordsPath) else { return }
        let format = snapshot ? .ndjson : (values[Options.format] ?? (try? RecordSource.detect(path: input)) ?? .csv)
        let name = snapshot ? "the source's snapshot" : input
        if format.isJSON, let option = csvOptions.first {
            throw .usage("--\(option) is for CSV; \(name) is JSON (UTF-8, or UTF-16 with a byte-order mark)")
        }
        if format == .csv, values.isFlag(Options.recordsPath) {
            throw .usage("--records-path is for JSON records; \(input) is CSV (give --format json if it is JSON)")
        }
    }

    /// The file to read (the argument, stdin copied, or a source read into its snapshot); on failure prints why and
    /// returns the status. Without any, a usage error naming both ways.
    func prepareInput(keepsStandardInput: Bool = false) async -> Result<InputSource.Prepared, ExitStatus> {
        do throws(SyncError) {
            guard
                let prepared = try await InputSource(context: context).prepare(
                    context.positionals.last.flatMap { context.positionals.count > minimumPositionals ? $0 : nil },
                    keepsStandardInput: keepsStandardInput)
            else {
                throw .usage(
                    "missing file: give the export (CSV, JSON or NDJSON; '-' for stdin), or --source URL (or "
                        + "--source-preset, or a source block in --config)")
            }
            return .success(prepared)
        } catch {
            var report = RunReport.starting(context.values.spec.name, input: context.positionals.last ?? "")
            return .failure(fail(error, report: &report))
        }
    }

    /// Positionals before the input's (`mapping test` has the mapping first).
    private var minimumPositionals: Int { context.values.spec.arguments.count - 1 }

    /// `--schema FILE` (validate, plan): the checks follow the job's own flows. Prints why and returns the status
    /// when the file cannot be used.
    mutating func loadSchema(report: inout RunReport) -> ExitStatus? {
        guard let path = context.values[Options.schema] else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail(.noInput("--schema \(path): cannot read it"), report: &report)
        }
        do {
            let schema = try JobSchema(data: data)
            flows = AttributeFlows(schema: schema, jobId: nil)
            savedSchema = schema
            return nil
        } catch {
            return fail(
                .data(
                    "--schema \(path) is not a job's synchronization schema (\(error.message)); save one with "
                        + "'provision schema show --out FILE'"),
                report: &report)
        }
    }

    /// `--delimiter` and `--encoding`.
    static func dialect(_ values: OptionValues) -> CSVDialect {
        var dialect = CSVDialect()
        if let delimiter = values[Options.delimiter] { dialect.delimiter = delimiter }
        if let encoding = values[Options.encoding] { dialect.encoding = encoding }
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
        let status = ExitStatus(failure: error)
        report.finish(status: status)
        if context.values.flag(Options.json) {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        }
        return writeReport(report) ? status : status.combined(with: .cannotCreate)
    }

    func writeReport(_ report: RunReport) -> Bool { context.summaryOutput.writeReport(report) }
}
