import Directory
import DirectoryClient
import Export
import Foundation
import Graph
import Mapping
import Transport

/// A tenant-aware plan (`plan --directory`, `upload --directory`, `check --directory`): the export read as every
/// plan reads it, with the directory read for what its records need (docs/service.md, "Reading the directory"), so
/// that `SelectUniqueValue` skips values the tenant's users hold and each record's outcome is predicted
/// (`DirectoryPredictor`). Directory data is read, never written, and stays in memory.
///
/// The order of the reads: the records' matching values, managers and values (with each unique value's first
/// candidate); the candidates the allocation still needs; then, once the payloads are final and the records in
/// sending order, whatever the final values add (the reader skips what it has read).
package struct DirectoryPlanner: Sendable {
    package let target: DirectoryTarget
    let reader: DirectoryReader

    package init(
        target: DirectoryTarget, graphBase: String, version: String, transport: any HTTPTransport,
        tokens: any AccessTokenProvider, time: any TimeSource, requests: GraphRequest, maxAttempts: Int,
        maxWait: Double
    ) {
        self.target = target
        let settings = DirectoryReader.Settings(
            graphBase: graphBase, version: version, matchingAttribute: target.matchingAttribute,
            attributes: target.attributes, maxAttempts: maxAttempts, maxWait: maxWait)
        reader = DirectoryReader(
            settings: settings, transport: transport, tokens: tokens, time: time, requests: requests)
    }

    /// A plan made with the directory, or without it when the app may not read users.
    package struct Outcome: Sendable {
        package let plan: ExportPlan
        /// Nil when the app may not read users (`notice` says so).
        package let review: DirectoryReview?
        /// What to say once: the plan was made without directory data.
        package let notice: String?

        package init(plan: ExportPlan, review: DirectoryReview?, notice: String?) {
            self.plan = plan
            self.review = review
            self.notice = notice
        }
    }

    /// Said once when the app may not read users.
    package static let notReadable =
        "--directory: the app may not read the tenant's users (it lacks the application permission "
        + "\(DirectoryReadError.permission)); carrying on without directory data: no tenant-aware findings"

    /// Plans `job` with the directory. Without `User.Read.All` the plan is made without it (and says so); any other
    /// failure to read the directory stops the command, which asked for it.
    package func plan(
        _ job: ExportJob, resume: ((RunIdentity) throws(SyncError) -> ResumeDecision)? = nil
    ) async throws(SyncError) -> Outcome {
        let read = try ExportPlanner.read(job)
        do {
            var directory = DirectoryRead(index: reader.emptyIndex())
            let unique: UniqueValueOutcome?
            if job.decidedUniqueValues == nil, !read.reading.uniqueCandidates.isEmpty {
                unique = try await allocate(read, into: &directory)
            } else {
                unique = try sync { () throws(SyncError) in
                    try UniqueValuePlanner.allocate(read, decided: job.decidedUniqueValues)
                }
            }
            let plan = try sync { () throws(SyncError) in try ExportPlanner.finish(read, unique: unique, resume: resume)
            }
            let review = try await review(plan, job: job, after: directory)
            return Outcome(plan: plan, review: review, notice: nil)
        } catch {
            switch error {
            case .notReadable:
                // Read again from the start: the allocation may have begun with the directory.
                return Outcome(plan: try ExportPlanner.plan(job, resume: resume), review: nil, notice: Self.notReadable)
            case .other(let failure): throw failure
            }
        }
    }

    /// Predicts the outcome of each record of a plan already made; nil when the app may not read users.
    package func review(_ plan: ExportPlan, job: ExportJob) async throws(SyncError) -> DirectoryReview? {
        do {
            return try await review(plan, job: job, after: DirectoryRead(index: reader.emptyIndex()))
        } catch {
            switch error {
            case .notReadable: return nil
            case .other(let failure): throw failure
            }
        }
    }

    /// How many users the tenant has; nil when the app may not read them.
    package func countUsers() async throws(SyncError) -> Int? {
        do {
            return try await reader.countUsers()
        } catch {
            if case .notReadable = error { return nil }
            throw SyncError(directory: error)
        }
    }

    // MARK: The steps

    private enum Failure: Error {
        case notReadable
        case other(SyncError)
    }

    /// The unique values, allocated against the directory too.
    private func allocate(_ read: ExportReading, into directory: inout DirectoryRead) async throws(Failure)
        -> UniqueValueOutcome
    {
        let reading = read.reading
        let planner = RecordPlanner(
            target: target, paths: reading.mapping.rules.map(\.path),
            allowMissingActive: read.job.reader.allowMissingActive)
        var matching: [Int: String] = [:]
        var needs: [DirectoryNeeds] = []
        for record in 0..<reading.index.count where reading.index.isValid(record) {
            let id = reading.index.externalIds[record]
            let data = try spooled { try reading.data(ofRecord: record) }
            let planned = planner.record(externalId: id, payload: data, sentBefore: false)
            matching[record] = planned.matchingValue(target.matchingAttribute)
            needs.append(planned.needs(matchingAttribute: target.matchingAttribute))
        }
        let first = directory
        directory = try await lookUp { () throws(DirectoryReadError) in try await reader.read(needs, into: first) }
        let rules = UniqueValuePlanner.rules(of: reading, flows: read.job.reader.flows)
        var outcome = UniqueValueOutcome()
        outcome.attributes = rules.map(\.path.description)
        outcome.checkedDirectory = true
        for rule in rules {
            let people = UniqueValuePlanner.people(rule, reading: reading) { matching[$0] }
            let allocator = UniqueValuePlanner.allocator(rule, state: read.state, people: people.map(\.person))
            let current = directory
            let (result, after) = try await lookUp { () throws(DirectoryReadError) in
                try await reader.allocate(allocator, people.map(\.person), into: current)
            }
            directory = after
            try sync { () throws(SyncError) in
                try UniqueValuePlanner.apply(result, rule, people: people, to: reading, outcome: &outcome)
            }
        }
        return outcome
    }

    /// Each record of the plan, in sending order, read and predicted.
    private func review(_ plan: ExportPlan, job: ExportJob, after read: DirectoryRead) async throws(Failure)
        -> DirectoryReview
    {
        let export = plan.export
        let planner = RecordPlanner(
            target: target, paths: export.mapping.rules.map(\.path), allowMissingActive: job.reader.allowMissingActive)
        let state = plan.state
        var records: [PlannedRecord] = []
        var names: [(line: Int?, displayName: String?)] = []
        records.reserveCapacity(export.order.count)
        names.reserveCapacity(export.order.count)
        for position in export.order {
            let record = Int(position)
            let id = export.index.externalIds[record]
            let data = try spooled { try export.data(ofRecord: record) }
            records.append(planner.record(externalId: id, payload: data, sentBefore: state?.entries[id] != nil))
            names.append(
                (export.isLeaver(record) ? nil : Int(export.index.lines[record]), PayloadFields(data).displayName))
        }
        let needs = records.map { $0.needs(matchingAttribute: target.matchingAttribute) }
        let directory = try await lookUp { () throws(DirectoryReadError) in try await reader.read(needs, into: read) }
        var predictor = DirectoryPredictor(index: directory.index, addOnlyAttributes: target.addOnlyAttributes)
        predictor.hasState = state != nil
        let predictions = predictor.predict(records) { state?.entries[$0] != nil }
        let reviewed = zip(predictions, names).map { prediction, name in
            DirectoryReview.Record(
                externalId: prediction.externalId, line: name.line, displayName: name.displayName,
                prediction: prediction)
        }
        return DirectoryReview(
            records: reviewed, matchingAttribute: target.matchingAttribute, fromSchema: target.fromSchema,
            statistics: directory.statistics, usersRead: directory.index.count)
    }

    private func lookUp<T>(_ body: () async throws(DirectoryReadError) -> T) async throws(Failure) -> T {
        do {
            return try await body()
        } catch {
            if case .notReadable = error { throw .notReadable }
            throw .other(SyncError(directory: error))
        }
    }

    private func sync<T>(_ body: () throws(SyncError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw .other(error)
        }
    }

    private func spooled(_ body: () throws -> [UInt8]) throws(Failure) -> [UInt8] {
        do {
            return try body()
        } catch {
            throw .other(.cannotCreate("cannot read the export's temporary spool: \(error.localizedDescription)"))
        }
    }
}

extension SyncError {
    /// A directory read that failed for another reason than the permission: the command asked for it, so it stops.
    init(directory error: DirectoryReadError) {
        let text = "cannot read the tenant's users for --directory: \(error.localizedDescription)"
        switch error {
        case .unauthorized: self = .authentication(text)
        case .notReadable: self = .authentication(text)
        case .unavailable, .refused, .unexpected: self = .unavailable(text)
        }
    }
}
