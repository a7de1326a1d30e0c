import CommandReference
import Export
import Foundation
import Mapping
import Presentation
import Sync

/// `provision validate FILE`: pass one only, then a summary and the problems.
struct ValidateCommand: Command {
    static let spec = CommandSpecs.validate

    let context: CommandContext

    func run() async -> ExitStatus {
        var stage = InputStage(context: context)
        let input: InputSource.Prepared
        switch await stage.prepareInput() {
        case .success(let prepared): input = prepared
        case .failure(let status): return status
        }
        defer { input.remove() }
        let path = input.path
        var report = RunReport.starting("validate", input: path)
        report.record(input)
        if let status = stage.loadSchema(report: &report) { return status }
        var job: ExportJob
        do {
            job = try stage.job(input: path, snapshot: input.source != nil)
        } catch {
            return CommandFailure.report(error, context.console)
        }
        job.brakes = nil
        let export: BatchedExport
        switch stage.plan(job, report: &report) {
        case .success(let planned): export = planned.export
        case .failure(let status): return status
        }
        report.record(export)
        if context.values.has(Options.report) || context.values.flag(Options.json) {
            report.batches = export.batches.map {
                .init(index: $0.index, records: $0.recordCount, firstLine: $0.firstLine)
            }
        }
        let status = ExitStatus(.rows(invalid: export.invalid))
        report.finish(status: status)
        guard stage.writeReport(report) else { return .cannotCreate }
        stage.printProblems(export)
        if context.values.flag(Options.json) {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet {
            context.console.line(Summary.validation(export))
        }
        return status
    }
}
