import Foundation
import Mapping
import Token
import Transport
import Uploader

/// The network half of `provision upload`: journal and resume, a token, the paced uploader, the report.
struct OnlineUpload {
    let context: CommandContext
    let stage: InputStage
    let settings: UploadSettings
    let arguments: ParsedArguments

    let resume: ResumePlan

    func run(_ export: PreparedExport, report: inout RunReport) async -> ExitStatus {
        let console = context.console
        report.endpoint = settings.endpoint.url.absoluteString
        report.jobId = settings.endpoint.jobId
        let resumed = stage.delta.resume?.resumed ?? 0
        if resume.continuing != nil {
            report.resumedFrom = resume.journalPath
            report.skippedAlreadyAccepted = resumed
        }
        let journal: Journal
        do {
            journal = try openJournal(export)
        } catch {
            console.error(error.localizedDescription)
            return .internalError
        }
        let batches = export.batches
        if !context.quiet {
            let skipped = resumed == 0 ? "" : " (\(resumed) accepted by the unfinished run are skipped)"
            console.diagnostic("provision: \(export.toSend + export.leavers) records need \(batches.count) request\(batches.count == 1 ? "" : "s")\(skipped); the tenant's daily quota is 2,000 (Entra ID P1/P2) or 6,000 (Governance) requests per 24 h")
        }
        let time = SystemTimeSource()
        let transport = URLSessionTransport(maxConnectionsPerHost: settings.upload.concurrency)
        let tokens = TokenCache(client: TokenClient(credential: settings.credential, cloud: settings.cloud, transport: transport, time: time), time: time)
        // Fail fast, before anything is sent, when the token cannot be had.
        if !batches.isEmpty {
            do {
                _ = try await tokens.token()
            } catch {
                let status: ExitStatus = (error as? TokenError)?.isAuthenticationFailure == false ? .unavailable : .authentication
                console.error("cannot get a token (\(settings.credential.kindDescription)): \(error.localizedDescription)")
                return finish(&report, export: export, result: nil, status: status)
            }
        }
        let progress = ProgressReporter(console: console, totalRecords: batches.reduce(0) { $0 + $1.recordCount }, quiet: context.quiet, verbose: arguments.flag("verbose"))
        let writer = JournalWriter(journal: journal, export: export, console: console)
        let uploader = BulkUploader(configuration: settings.upload, transport: transport, tokens: tokens, time: time, events: { event in
            if case .batchFinished(let outcome) = event { writer.record(outcome) }
            progress.handle(event)
        })
        let trap = SignalTrap { signal in
            console.warning("signal \(signal): finishing the requests in flight, then stopping (resume with --resume)")
            uploader.stop()
        }
        let result = await uploader.run(ExportBatchSource(export: export))
        trap.cancel()
        progress.finish()
        report.tokenRefreshes = result.tokenRefreshes
        let acceptedNow = Set(result.outcomes.filter { $0.status == .accepted }.map(\.index))
        if let problem = updateState(export, accepted: acceptedNow) { console.error(problem) }
        let status = UploadOutcome.exitStatus(result: result, export: export)
        if let reason = result.stopReason { console.error(UploadOutcome.describe(reason, endpoint: settings.endpoint)) }
        let uploadStatus = finish(&report, export: export, result: result, status: status)
        // `--wait`: chain `provision status` on this run's journal; the worse of the two statuses wins.
        guard arguments.has("wait"), uploadStatus == .success || uploadStatus == .someRowsFailed,
              let timing = StatusCommand.timing(arguments, console: console)
        else { return uploadStatus }
        let logStatus = await StatusRunner(context: context, journalPath: resume.journalPath, settings: settings, wait: timing.wait, pollInterval: timing.poll).run()
        return logStatus == .success ? uploadStatus : (uploadStatus == .success ? logStatus : max(uploadStatus, logStatus))
    }

    private func finish(_ report: inout RunReport, export: PreparedExport, result: UploadResult?, status: ExitStatus) -> ExitStatus {
        UploadOutcome.fill(&report, export: export, result: result, resumed: stage.delta.resume?.resumed ?? 0)
        report.finish(status: status)
        guard stage.writeReport(report) else { return .internalError }
        if arguments.flag("json") {
            context.console.out(String(decoding: (try? report.encoded()) ?? Data(), as: UTF8.self) + "\n")
        } else if !context.quiet || status != .success {
            context.console.line(UploadOutcome.summary(report))
        }
        return status
    }

    /// Records the payloads of accepted batches in `--state` (only those: a record that was not accepted stays as it
    /// was, so the next run sends it again).
    private func updateState(_ export: PreparedExport, accepted: Set<Int>) -> String? {
        guard var state = stage.delta.state else { return nil }
        do {
            for plan in export.batches where accepted.contains(plan.index) {
                for record in export.records(of: plan) {
                    let data = try export.data(ofRecord: record)
                    let id = export.index.externalIds[record]
                    if export.isLeaver(record) {
                        state.record(id, digest: PayloadDigest(of: data), data: data, disabled: true)
                    } else {
                        state.record(id, digest: export.digests[record], data: data, disabled: false)
                    }
                }
            }
            // Records the unfinished run had accepted count as accepted now (a killed run never wrote its state).
            for record in stage.delta.resume?.resumedRecords ?? [] {
                state.record(export.index.externalIds[record], digest: export.digests[record], data: try export.data(ofRecord: record), disabled: false)
            }
            try state.save()
            return nil
        } catch {
            return "cannot update the state file \(state.path): \(error.localizedDescription); the next run will send these records again"
        }
    }

    /// Continues the unfinished run's journal, or starts a new one that records this run's identity.
    private func openJournal(_ export: PreparedExport) throws -> Journal {
        if resume.continuing != nil { return try Journal(path: resume.journalPath) }
        let header = Journal.Header(
            input: export.file, inputDigest: resume.identity.inputDigest, mappingDigest: resume.identity.mappingDigest,
            optionsDigest: resume.identity.optionsDigest, batches: export.batches.count, endpoint: settings.endpoint.url.absoluteString,
            jobId: settings.endpoint.jobId, startedAt: Date(), delimiter: arguments.value("delimiter"), encoding: arguments.value("encoding"),
            records: export.toSend + export.leavers)
        return try Journal.create(path: resume.journalPath, header: header)
    }
}
