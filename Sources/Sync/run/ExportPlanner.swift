import Directory
import Export
import Foundation
import Mapping

/// What `upload`, `upload --dry-run` and `plan` read and how they choose records: the export, its options, and delta
/// sync against a state file.
package struct ExportJob: Sendable {
    package var input: String
    package var reader: ExportReader
    /// `--state`: delta sync and leavers.
    package var statePath: String?
    package var delta = DeltaPlan.Options()
    /// `--max-disable` and `--max-rename`; nil for commands that send nothing (`validate`).
    package var brakes: Brakes? = Brakes()
    /// The options that make two runs "the same input" for `--resume`.
    package var identityOptions: RunIdentity.Options
    /// The values `SelectUniqueValue` gives, as an approved plan decided them (`upload --plan`); nil allocates them.
    package var decidedUniqueValues: [String: UniqueValues]?

    package init(input: String, reader: ExportReader, statePath: String?, identityOptions: RunIdentity.Options) {
        self.input = input
        self.reader = reader
        self.statePath = statePath
        self.identityOptions = identityOptions
    }
}

/// An export read, selected and cut into batches, with the decisions that shaped it.
package struct ExportPlan: Sendable {
    package let export: BatchedExport
    package let identity: RunIdentity
    /// With `--state`: the state as loaded, and the delta decided against it.
    package let state: StateFile?
    package let delta: DeltaPlan?
    /// Who the run would disable or rename, against the brakes (nil when they are off).
    package let brakes: BrakeOutcome?
    /// With `--resume` (upload only).
    package let resume: ResumeDecision?
    /// Records left out because the unfinished run this one resumes had them accepted.
    package let resumedRecords: [Int]
    /// What `SelectUniqueValue` gave each person (nil when the mapping has none).
    package var unique: UniqueValueOutcome?
}

/// Pass one of an export, with the state it is compared with: what is known before any record is final (the
/// unique values are chosen next, by `ExportPlanner` or, with the directory, by `DirectoryPlanner`).
package struct ExportReading {
    package let job: ExportJob
    package let reading: SpooledExport
    package let state: StateFile?
    package let identity: RunIdentity
}

/// Reads an export and decides which records go: pass one, the unique values (`SelectUniqueValue`), then the resume
/// and delta decisions as returned values, then pass two. Nothing here touches the network, and nothing is written.
package enum ExportPlanner {
    /// - Parameter resume: given the run's identity (known once the input has been read and hashed), decides what an
    ///   unfinished earlier run means for this one; nil for commands that do not resume.
    package static func plan(
        _ job: ExportJob, resume: ((RunIdentity) throws(SyncError) -> ResumeDecision)? = nil
    ) throws(SyncError) -> ExportPlan {
        let read = try read(job)
        let unique = try UniqueValuePlanner.allocate(read, decided: job.decidedUniqueValues)
        return try finish(read, unique: unique, resume: resume)
    }

    /// Pass one, and the state.
    package static func read(_ job: ExportJob) throws(SyncError) -> ExportReading {
        var reader = job.reader
        reader.computeDigests = job.statePath != nil
        let state: StateFile? = try job.statePath.map { path throws(SyncError) in try StateFile.load(path: path) }
        let reading: SpooledExport
        do {
            reading = try reader.read(path: job.input)
        } catch {
            throw SyncError(reading: error)
        }
        let identity = RunIdentity(
            inputDigest: reading.inputDigest, mappingFile: reader.mappingFile, options: job.identityOptions)
        return ExportReading(job: job, reading: reading, state: state, identity: identity)
    }

    /// After the unique values are in the payloads: the resume and delta decisions, the brakes, and pass two.
    package static func finish(
        _ read: ExportReading, unique: UniqueValueOutcome?,
        resume: ((RunIdentity) throws(SyncError) -> ResumeDecision)? = nil
    ) throws(SyncError) -> ExportPlan {
        let (job, reading, state, identity) = (read.job, read.reading, read.state, read.identity)
        let reader = job.reader
        let decision = try resume?(identity)
        var selection = RecordSelection.everything
        var delta: DeltaPlan?
        if let state {
            let plan = try DeltaPlan.compute(
                state: state, index: reading.index, digests: reading.digests, validRows: reading.valid,
                options: job.delta)
            selection = plan.selection
            delta = plan
        }
        var brakes: BrakeOutcome?
        if let thresholds = job.brakes {
            let review = try BrakeReview.compute(
                reading: reading, state: state, delta: delta, allowMissingActive: reader.allowMissingActive)
            brakes = try BrakeOutcome.check(review, brakes: thresholds)
        }
        let resumed = decision?.apply(to: &selection, index: reading.index) ?? []
        let export: BatchedExport
        do {
            export = try reading.prepare(selection: selection)
        } catch {
            throw SyncError(reading: error)
        }
        return ExportPlan(
            export: export, identity: identity, state: state, delta: delta, brakes: brakes, resume: decision,
            resumedRecords: resumed, unique: unique)
    }
}
