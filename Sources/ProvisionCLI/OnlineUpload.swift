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

    func run(_ export: PreparedExport, report: inout RunReport) async -> ExitStatus {
        let console = context.console
        report.endpoint = settings.endpoint.url.absoluteString
        report.jobId = settings.endpoint.jobId
        let batchSize = arguments.value("batch-size").flatMap(Int.init) ?? 50
        guard let identity = RunIdentity.of(input: export.file, arguments: arguments, batchSize: batchSize) else {
            console.error("cannot read \(export.file) again to fingerprint it")
            return .noInput
        }
        let journalPath = arguments.value("journal") ?? arguments.value("report").map { $0 + ".journal" }
            ?? RunIdentity.defaultJournalPath(input: export.file, endpoint: settings.endpoint.url.absoluteString, environment: context.environment)
        let alreadyAccepted: [Int: Journal.Accepted]
        let journal: Journal
        switch openJournal(path: journalPath, identity: identity, export: export) {
        case .success(let opened): (journal, alreadyAccepted) = opened
        case .failure(let status): return status
        }
        let toSend = export.batches.filter { alreadyAccepted[$0.index] == nil }
        if !alreadyAccepted.isEmpty {
            report.resumedFrom = journalPath
            report.skippedAlreadyAccepted = alreadyAccepted.values.reduce(0) { $0 + $1.records }
        }
        if !context.quiet {
            let skipped = alreadyAccepted.isEmpty ? "" : " (\(alreadyAccepted.count) already accepted in an earlier run are skipped)"
            console.diagnostic("provision: \(export.valid) records need \(toSend.count) request\(toSend.count == 1 ? "" : "s")\(skipped); the tenant's daily quota is 2,000 (Entra ID P1/P2) or 6,000 (Governance) requests per 24 h")
        }
        let time = SystemTimeSource()
        let transport = URLSessionTransport(maxConnectionsPerHost: settings.upload.concurrency)
        let tokens = TokenCache(client: TokenClient(credential: settings.credential, cloud: settings.cloud, transport: transport, time: time), time: time)
        // Fail fast, before anything is sent, when the token cannot be had.
        if !toSend.isEmpty {
            do {
                _ = try await tokens.token()
            } catch {
                let status: ExitStatus = (error as? TokenError)?.isAuthenticationFailure == false ? .unavailable : .authentication
                console.error("cannot get a token (\(settings.credential.kindDescription)): \(error.localizedDescription)")
                return finish(&report, export: export, result: nil, alreadyAccepted: alreadyAccepted, status: status)
            }
        }
        let progress = ProgressReporter(console: console, totalRecords: toSend.reduce(0) { $0 + $1.recordCount }, quiet: context.quiet, verbose: arguments.flag("verbose"))
        let writer = JournalWriter(journal: journal, export: export, console: console)
        let uploader = BulkUploader(configuration: settings.upload, transport: transport, tokens: tokens, time: time, events: { event in
            if case .batchFinished(let outcome) = event { writer.record(outcome) }
            progress.handle(event)
        })
        let trap = SignalTrap { signal in
            console.warning("signal \(signal): finishing the requests in flight, then stopping (resume with --resume)")
            uploader.stop()
        }
        let result = await uploader.run(ExportBatchSource(export: export, skip: Set(alreadyAccepted.keys)))
        trap.cancel()
        progress.finish()
        report.tokenRefreshes = result.tokenRefreshes
        let acceptedNow = Set(result.outcomes.filter { $0.status == .accepted }.map(\.index)).union(alreadyAccepted.keys)
        if let problem = updateState(export, accepted: acceptedNow) { console.error(problem) }
        let status = UploadOutcome.exitStatus(result: result, export: export, alreadyAccepted: alreadyAccepted)
        if let reason = result.stopReason { console.error(UploadOutcome.describe(reason, endpoint: settings.endpoint)) }
        let uploadStatus = finish(&report, export: export, result: result, alreadyAccepted: alreadyAccepted, status: status)
        // `--wait`: chain `provision status` on this run's journal; the worse of the two statuses wins.
        guard arguments.has("wait"), uploadStatus == .success || uploadStatus == .someRowsFailed,
              let timing = StatusCommand.timing(arguments, console: console)
        else { return uploadStatus }
        let logStatus = await StatusRunner(context: context, journalPath: journalPath, settings: settings, wait: timing.wait, pollInterval: timing.poll).run()
        return logStatus == .success ? uploadStatus : (uploadStatus == .success ? logStatus : max(uploadStatus, logStatus))
    }

    private func finish(
        _ report: inout RunReport, export: PreparedExport, result: UploadResult?, alreadyAccepted: [Int: Journal.Accepted], status: ExitStatus
    ) -> ExitStatus {
        UploadOutcome.fill(&report, export: export, result: result, alreadyAccepted: alreadyAccepted)
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
            try state.save()
            return nil
        } catch {
            return "cannot update the state file \(state.path): \(error.localizedDescription); the next run will send these records again"
        }
    }

    /// A new journal, or with `--resume` the earlier one if it describes the same input; a changed input is refused.
    private func openJournal(path: String, identity: RunIdentity, export: PreparedExport) -> Result<(Journal, [Int: Journal.Accepted]), ExitStatus> {
        let header = Journal.Header(
            input: export.file, inputDigest: identity.inputDigest, mappingDigest: identity.mappingDigest,
            optionsDigest: identity.optionsDigest, batches: export.batches.count, endpoint: settings.endpoint.url.absoluteString,
            jobId: settings.endpoint.jobId, startedAt: Date(), delimiter: arguments.value("delimiter"), encoding: arguments.value("encoding"))
        do {
            if arguments.flag("resume"), let earlier = try Journal.read(path: path) {
                let before = earlier.header
                guard before.inputDigest == header.inputDigest, before.mappingDigest == header.mappingDigest, before.optionsDigest == header.optionsDigest else {
                    context.console.error("cannot resume: \(export.file), its mapping or the batch options changed since the run recorded in \(path) (\(before.startedAt)); the batches would not line up. Run without --resume to send everything (safe: the service matches on externalId)")
                    return .failure(.dataError)
                }
                guard before.endpoint == header.endpoint else {
                    context.console.error("cannot resume: the journal \(path) is for \(before.endpoint), not \(header.endpoint)")
                    return .failure(.configuration)
                }
                let accepted = Dictionary(earlier.accepted.map { ($0.batch, $0) }, uniquingKeysWith: { first, _ in first })
                return .success((try Journal(path: path), accepted))
            }
            if arguments.flag("resume") && !context.quiet {
                context.console.warning("nothing to resume at \(path): sending everything")
            }
            return .success((try Journal.create(path: path, header: header), [:]))
        } catch {
            context.console.error(error.localizedDescription)
            return .failure(.internalError)
        }
    }
}
