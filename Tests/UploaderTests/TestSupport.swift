import Foundation
import Graph
import TestSupport
import Testing
import Transport

@testable import Uploader

/// Hands out "t1"; after `invalidate("t1")` hands out "t2", and so on.
actor CountingTokens: AccessTokenProvider {
    private var generation = 1
    private(set) var invalidated: [String] = []

    func token() async throws -> String { "t\(generation)" }

    func invalidate(_ rejected: String) async {
        invalidated.append(rejected)
        if rejected == "t\(generation)" { generation += 1 }
    }
}

struct NoCredentialsError: LocalizedError {
    var errorDescription: String? { "no credentials configured" }
}

/// A token provider whose every fetch fails.
struct FailingTokens: AccessTokenProvider {
    func token() async throws -> String { throw NoCredentialsError() }
    func invalidate(_ rejected: String) async {}
}

/// Batches 1...count whose bodies name their index, so the scripted server knows which batch it is answering.
actor ArraySource: UploadBatchSource {
    private var batches: [UploadBatch]
    private(set) var pulls = 0

    /// `waits`: batch index → the index through which it waits (`UploadBatch.waitsForBatchesThrough`).
    init(count: Int, waits: [Int: Int] = [:]) {
        batches = (1...max(1, count)).prefix(count).map { index in
            UploadBatch(
                index: index, body: Data(#"{"batch":\#(index)}"#.utf8), recordCount: 50,
                waitsForBatchesThrough: waits[index])
        }
    }

    func next() async throws -> UploadBatch? {
        pulls += 1
        return batches.isEmpty ? nil : batches.removeFirst()
    }
}

/// Which batch a request carries (see `ArraySource`).
func batchIndex(of request: HTTPRequest) -> Int {
    struct Body: Decodable { var batch: Int }
    return (try? JSONDecoder().decode(Body.self, from: request.body ?? Data()))?.batch ?? -1
}

func graphError(_ status: Int, code: String, message: String, headers: [String: String] = [:]) -> HTTPResponse {
    let body = #"{"error":{"code":"\#(code)","message":"\#(message)","innerError":{"request-id":"x"}}}"#
    return HTTPResponse(
        status: status, headers: headers.merging(["Content-Type": "application/json"]) { a, _ in a },
        body: Data(body.utf8))
}

let accepted = HTTPResponse(
    status: 202, headers: ["Location": "https://graph.microsoft.com/v1.0/auditLogs/provisioning/"])
let bucketFullMessage =
    "The bucket that stores the ingested data is full, please wait for the synchronization service to process the "
    + "ingested data and retry this request."

/// What a run did, as seen from outside.
struct RunRecord {
    var result: UploadResult
    var events: [UploadEvent]
    var requests: [HTTPRequest]

    func outcome(_ index: Int) -> BatchOutcome? { result.outcomes.first { $0.index == index } }
    var statuses: [BatchStatus] { result.outcomes.map(\.status) }
    var finishedEvents: [BatchOutcome] {
        events.compactMap { if case .batchFinished(let outcome) = $0 { outcome } else { nil } }
    }
}

/// Runs an uploader against a scripted server on a manual clock.
///
/// `respond` gets the request, its batch index and the 1-based number of this request for that batch. The clock is
/// advanced to the next sleeper's deadline whenever the run has been quiet (no new request, event or sleeper) for a
/// while; advancing early only makes waits shorter, so outcomes never depend on the machine's speed.
struct UploadHarness {
    var configuration = UploadConfiguration(
        endpoint: URL(string: "https://graph.example/v1.0/servicePrincipals/sp/synchronization/jobs/job/bulkUpload")!)
    var tokens: any AccessTokenProvider = CountingTokens()
    var random: @Sendable () -> Double = { 0.5 }
    let clock = ManualTimeSource(start: 1000)

    init(_ configure: (inout UploadConfiguration) -> Void = { _ in }) {
        configure(&configuration)
    }

    func run(
        _ source: any UploadBatchSource,
        onStart: @escaping @Sendable (BulkUploader) -> Void = { _ in },
        respond:
            @escaping @Sendable (_ request: HTTPRequest, _ batch: Int, _ attempt: Int, _ uploader: BulkUploader)
            async throws -> HTTPResponse
    ) async throws -> RunRecord {
        let requests = Recorder<HTTPRequest>()
        let events = Recorder<UploadEvent>()
        let holder = Recorder<BulkUploader>()
        let transport = ClosureTransport { request in
            requests.append(request)
            let index = batchIndex(of: request)
            let attempt = requests.all.filter { batchIndex(of: $0) == index }.count
            return try await respond(request, index, attempt, holder.all[0])
        }
        let uploader = BulkUploader(
            configuration: configuration, transport: transport, tokens: tokens, time: clock, random: random,
            events: { events.append($0) })
        holder.append(uploader)
        onStart(uploader)

        let done = Recorder<UploadResult>()
        let task = Task {
            let result = await uploader.run(source)
            done.append(result)
            return result
        }
        var quietTurns = 0
        var last = (-1, -1, -1)
        for _ in 0..<300_000 where done.count == 0 {
            await Task.yield()
            let now = (clock.sleeperCount, requests.count, events.count)
            if now == last { quietTurns += 1 } else { (quietTurns, last) = (0, now) }
            if quietTurns >= 40, let deadline = clock.nextDeadline {
                clock.advance(by: max(0, deadline - clock.now()))
                quietTurns = 0
            }
        }
        guard done.count > 0 else {
            uploader.stop()
            throw HarnessError.runDidNotFinish(events: events.count)
        }
        return RunRecord(result: await task.value, events: events.all, requests: requests.all)
    }
}

enum HarnessError: Error {
    case runDidNotFinish(events: Int)
}

/// Every batch the source produced is in `outcomes` exactly once, sorted, and finished exactly once as an event.
func expectEveryBatchAccountedFor(_ record: RunRecord, count: Int, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(record.result.outcomes.map(\.index) == Array(1...count), sourceLocation: sourceLocation)
    #expect(record.finishedEvents.map(\.index).sorted() == Array(1...count), sourceLocation: sourceLocation)
    #expect(record.result.requests == record.requests.count, sourceLocation: sourceLocation)
    #expect(
        record.result.outcomes.map(\.attempts).reduce(0, +) == record.requests.count, sourceLocation: sourceLocation)
}

/// A token provider whose token looks like a real one (a JWT), to check that no answer can echo it into a message.
struct JWTTokens: AccessTokenProvider {
    static let token =
        "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20ifQ"
        + ".c2lnbmF0dXJlLW9mLXRoZS10b2tlbi0xMjM0NTY3ODkw"
    func token() async throws -> String { Self.token }
    func invalidate(_ rejected: String) async {}
}
