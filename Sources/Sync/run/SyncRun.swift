import Export
import Foundation
import Graph
import Mapping
import Token
import Transport
import Uploader

/// One `provision upload`, end to end: lock the state and journal, read and select the export, journal and resume,
/// a token, the paced uploader, the state, the report.
///
/// It is given its transport, clock, tokens and an event sink: the CLI builds the real ones once, tests pass a
/// closure transport and a manual clock. It never prints; everything the operator should see is a `SyncEvent`.
package final class SyncRun: Sendable {
    let job: UploadJob
    let tokens: any AccessTokenProvider
    let time: any TimeSource
    let events: @Sendable (SyncEvent) -> Void
    let transport: any HTTPTransport
    /// What `stop()` stops: the first token and the schema read, then the uploader.
    let stopRelay = StopRelay()

    package init(
        job: UploadJob, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        events: @escaping @Sendable (SyncEvent) -> Void
    ) {
        self.job = job
        self.transport = transport
        self.tokens = tokens
        self.time = time
        self.events = events
    }

    /// Finish the requests in flight, journal them, send nothing new: the run ends with exit 75 (`--resume`
    /// continues). Safe to call from a signal handler's queue, before or during `run()`.
    package func stop() { stopRelay.stop() }

    package func run() async -> SyncOutcome {
        var report = RunReport(version: job.version, command: job.command, input: job.export.input, startedAt: Date())
        report.endpoint = job.endpoint.url.absoluteString
        report.jobId = job.endpoint.jobId
        // Two runs sharing a state file or a journal would both send everything and lose each other's lines.
        var locks: [FileLock] = []
        do {
            for path in [job.export.statePath, job.journalPath, job.source?.snapshotPath].compactMap({ $0 }) {
                locks.append(try FileLock(guarding: path))
            }
        } catch {
            if case .held = error { return stop(.busy(error.localizedDescription), &report) }
            return stop(.cannotCreate(error.localizedDescription), &report)
        }
        defer { withExtendedLifetime(locks) {} }
        if let source = job.source {
            report.source = source.shown
            if let failure = await readSource(source, into: &report) { return stop(failure, &report) }
        }
        var planned: ExportPlan
        do {
            planned = try plan(job.export)
        } catch {
            return stop(error, &report)
        }
        var export = planned.export
        report.record(export)
        report.record(planned.delta, state: planned.state?.path)
        report.record(planned.brakes)
        events(.prepared(planned))
        for notice in planned.resume?.notices ?? [] { events(.notice(notice)) }
        if let plan = job.plan {
            do {
                try PlanMaker.verify(plan, against: planned, job: job.export)
            } catch {
                return stop(error, &report)
            }
        }
        if job.strict && export.invalid > 0 {
            let rows = export.invalid == 1 ? "1 invalid row" : "\(export.invalid) invalid rows"
            return stop(.data("\(rows) and --strict: nothing was sent"), &report)
        }
        if let error = SyncError.everyRowInvalid(export) { return stop(error, &report) }
        let resumed = planned.resumedRecords.count
        if planned.resume?.continuing != nil {
            report.resumedFrom = job.journalPath
            report.skippedAlreadyAccepted = resumed
        }
        // Fail fast, before anything is sent, when the token cannot be had. A stop ends the wait at once: nothing
        // was sent, and the journal is not touched yet.
        if !export.batches.isEmpty, let failure = await firstToken() {
            let stopped = stopRelay.isStopped
            let status = stopped ? .stoppedEarly : ExitStatus(.tokenUnobtainable(failure))
            let message =
                stopped
                ? "stopped while waiting for a token; nothing was sent (run again with --resume)"
                : "cannot get a token (\(job.credentialKind)): \(failure.localizedDescription)"
            let reason =
                stopped
                ? UploadAccounting.describe(.cancelled, endpoint: nil)
                : (status == .stoppedEarly ? failure.localizedDescription : nil)
            return finish(&report, planned, result: nil, status: status, message: message, stopReason: reason)
        }
        var schema: JobSchema?
        if !export.batches.isEmpty, let check = job.schemaCheck {
            let review = await checkSchema(check, mapping: export.mapping)
            schema = review.schema
            switch review.verdict {
            case .proceed(let warnings): for warning in warnings { events(.warning(warning)) }
            case .refuse(let message):
                return finish(
                    &report, planned, result: nil, status: ExitStatus(.schemaLacks(refused: true)), message: message)
            }
            // Entra's limits apply to the attribute a value flows to: the job's own mappings, when they differ.
            let flows = review.schema.map { AttributeFlows(schema: $0, jobId: job.endpoint.jobId) }
            if let flows, !needsRecheck(with: flows, export) {
                let cleared = nullFlowProblems(export, flows: flows)
                if !cleared.isEmpty {
                    events(.problems(cleared, file: export.file))
                    report.problems += cleared
                    report.warnings += cleared.count
                }
            } else if let flows {
                do {
                    planned = try recheck(planned, flows: flows)
                } catch {
                    return stop(error, &report)
                }
                export = planned.export
                report.record(export)
                report.record(planned.delta, state: planned.state?.path)
                report.record(planned.brakes)
                if job.strict && export.invalid > 0 {
                    let rows = export.invalid == 1 ? "1 invalid row" : "\(export.invalid) invalid rows"
                    return stop(.data("\(rows) and --strict: nothing was sent"), &report)
                }
                // Rows the job's own mappings refuse (CSV2SCIM's userName without @) may be all of them.
                if let error = SyncError.everyRowInvalid(export) { return stop(error, &report) }
            }
        }
        if let check = job.directory, !export.batches.isEmpty {
            switch await reviewDirectory(check, schema: schema, planned, report: &report) {
            case .failure(let error): return stop(error, &report)
            case .success(let reviewed):
                planned = reviewed
                export = planned.export
            }
        }
        // SelectUniqueValue chose without the tenant's users: said once, as plan says it.
        if !export.batches.isEmpty, let notice = planned.unique?.notice { events(.notice(notice)) }
        let writer: JournalWriter
        do {
            writer = JournalWriter(
                journal: try openJournal(planned), export: export,
                warn: { [events] in
                    events(.warning($0))
                })
        } catch {
            report.recordFileFailure("journal", error)
            return stop(.cannotCreate(error.localizedDescription + "; nothing was sent"), &report)
        }
        events(
            .sending(
                records: export.toSend + export.leavers, requests: export.batches.count, resumed: resumed))
        let uploader = makeUploader(rate: startingRate(planned), journal: writer)
        let result = await uploader.run(ExportBatchSource(export: export))
        var status = ExitStatus(UploadAccounting.outcome(result: result, export: export))
        let reason = result.stopReason.map { UploadAccounting.describe($0, endpoint: job.endpoint) }
        if let failure = writer.failure {
            report.recordFileFailure("journal", failure)
            status = status.combined(with: .cannotCreate)
        }
        let acceptedNow = Set(result.outcomes.filter { $0.status == .accepted }.map(\.index))
        if let failure = updateState(planned, accepted: acceptedNow, learnedRate: result.learnedRate) {
            events(
                .error(
                    "cannot update the state file: \(failure.localizedDescription); the next run will send these "
                        + "records again"))
            report.recordFileFailure("state", failure)
            status = status.combined(with: .cannotCreate)
        }
        return finish(&report, planned, result: result, status: status, message: reason)
    }

    /// Ends a run that stops before sending anything: the report (if asked for) says why.
    private func stop(_ error: SyncError, _ report: inout RunReport) -> SyncOutcome {
        events(.stopped(error, input: report.input))
        report.recordStop(error)
        var status = ExitStatus(failure: error)
        report.finish(status: status)
        if let failure = writeReport(report) {
            events(.error(failure.localizedDescription))
            status = status.combined(with: .cannotCreate)
        }
        return SyncOutcome(report: report, status: status)
    }

    private func finish(
        _ report: inout RunReport, _ planned: ExportPlan, result: UploadResult?, status: ExitStatus,
        message: String?, stopReason: String? = nil
    ) -> SyncOutcome {
        if let message { events(.error(message)) }
        var status = status
        if let broken = UploadAccounting.fill(
            &report, export: planned.export, result: result, resumed: planned.resumedRecords.count)
        {
            events(.error(broken))
            report.recordStop(.internalError(broken))
            status = .internalError
        }
        if let stopReason { report.stopReason = stopReason }
        report.tokenRefreshes = result?.tokenRefreshes
        report.finish(status: status)
        if let failure = writeReport(report) {
            events(.error(failure.localizedDescription))
            report.recordFileFailure("report", failure)
            status = status.combined(with: .cannotCreate)
            report.finish(status: status)
        }
        return SyncOutcome(report: report, status: status, planned: planned)
    }

    private func writeReport(_ report: RunReport) -> FileError? {
        guard let path = job.reportPath else { return nil }
        do {
            try report.write(to: path)
            return nil
        } catch {
            return error
        }
    }

    /// Records the payloads of accepted batches in `--state` (only those: a record that was not accepted stays as it
    /// was, so the next run sends it again).
    private func updateState(_ planned: ExportPlan, accepted: Set<Int>, learnedRate: RateLimit?) -> FileError? {
        guard var state = planned.state else { return nil }
        if let learnedRate { state.learnedRate = learnedRate.description }
        let export = planned.export
        do {
            for plan in export.batches where accepted.contains(plan.index) {
                for record in export.records(of: plan) {
                    let data = try export.data(ofRecord: record)
                    let id = export.index.externalIds[record]
                    if export.isLeaver(record) {
                        state.record(id, digest: PayloadDigest(of: data), data: data, disabled: true)
                    } else {
                        state.record(
                            id, digest: export.digests[record], data: data, disabled: false,
                            unique: planned.unique?.values[id])
                    }
                }
            }
            // Records the unfinished run had accepted count as accepted now (a killed run never wrote its state).
            for record in planned.resumedRecords {
                let id = export.index.externalIds[record]
                state.record(
                    id, digest: export.digests[record], data: try export.data(ofRecord: record), disabled: false,
                    unique: planned.unique?.values[id])
            }
            try state.save()
            return nil
        } catch let error as FileError {
            return error
        } catch {
            return FileError.cannotWrite(path: state.path, reason: error.localizedDescription)
        }
    }

    /// Continues the unfinished run's journal, or starts a new one that records this run's identity.
    private func openJournal(_ planned: ExportPlan) throws(FileError) -> Journal {
        if planned.resume?.continuing != nil { return try Journal(path: job.journalPath) }
        let export = planned.export
        let header = Journal.Header(
            input: job.export.input, inputDigest: planned.identity.inputDigest, mapping: job.export.reader.mappingFile,
            mappingDigest: planned.identity.mappingDigest, optionsDigest: planned.identity.optionsDigest,
            batches: export.batches.count, endpoint: job.endpoint.url.absoluteString, jobId: job.endpoint.jobId,
            startedAt: Date(), delimiter: job.delimiter, encoding: job.encoding,
            records: export.toSend + export.leavers)
        var withOptions = header
        withOptions.emptyAsNull = job.export.reader.emptyAsNull
        withOptions.format = export.format.isJSON ? export.format.rawValue : nil
        withOptions.recordsPath = job.export.reader.recordsPath
        withOptions.source = job.source?.shown
        return try Journal.create(path: job.journalPath, header: withOptions)
    }
}
