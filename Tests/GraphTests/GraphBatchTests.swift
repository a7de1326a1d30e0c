import Foundation
import Graph
import JSONDocument
import TestSupport
import Testing
import Transport

/// JSON batching: the body, answers matched on id, each inner request under the one retry policy.
@Suite struct GraphBatchTests {
    /// Answers each batch with `answer(url, attempt)` per inner request (attempt counts that URL's requests), in
    /// reverse order.
    static func transport(
        _ calls: Recorder<String>, _ answer: @escaping @Sendable (String, Int) -> (Int, [String: String])
    ) -> ClosureTransport {
        ClosureTransport { request in
            #expect(request.url.absoluteString == "http://127.0.0.1:9/v1.0/$batch")
            #expect(request.header("Content-Type") == "application/json")
            let document = try JSON.parse(request.body ?? Data())
            var responses: [JSON] = []
            for item in document["requests"]?.arrayValue ?? [] {
                let url = item["url"]?.stringValue ?? ""
                let attempt = calls.all.filter { $0 == url }.count + 1
                _ = calls.append(url)
                let (status, headers) = answer(url, attempt)
                responses.append(
                    .object([
                        JSONMember("id", item["id"]!), JSONMember("status", .number(status)),
                        JSONMember("headers", .object(headers.map { JSONMember($0.key, .string($0.value)) })),
                        JSONMember("body", .object(["url": .string(url)])),
                    ]))
            }
            return HTTPResponse(status: 200, body: JSON.object(["responses": .array(responses.reversed())]).serialized)
        }
    }

    static func client(_ transport: ClosureTransport, _ time: ManualTimeSource, maxAttempts: Int = 3)
        -> GraphBatchClient
    {
        GraphBatchClient(
            batchURL: URL(string: "http://127.0.0.1:9/v1.0/$batch")!, transport: transport, tokens: FixedTokens(),
            time: time, window: nil, maxAttempts: maxAttempts, maxWait: 60)
    }

    @Test func answersAreMatchedOnIdAndServerErrorsRetriedOnTheBackoffCurve() async throws {
        let calls = Recorder<String>()
        let time = ManualTimeSource()
        let transport = Self.transport(calls) { url, attempt in
            url == "/b" && attempt < 3 ? (503, [:]) : (200, [:])
        }
        let client = Self.client(transport, time)
        let requests = (0..<25).map { GraphBatch.Request(url: $0 == 1 ? "/b" : "/r\($0)") }
        let handled = Recorder<String>()
        let statistics = try await drivingClockThrowing(time) {
            var statistics = GraphBatchClient.Statistics()
            try await client.run(requests, statistics: &statistics) { request, response in
                #expect(response.body?["url"]?.stringValue == request.url, "matched on id, not on order")
                _ = handled.append(request.url)
                return .more([])
            }
            return statistics
        }
        #expect(handled.all.count == 25 && Set(handled.all).count == 25)
        #expect(calls.all.filter { $0 == "/b" }.count == 3)
        #expect(statistics.batches == 4 && statistics.requests == 27 && statistics.retried == 2)
        #expect(time.now() == 6, "2 s, then 4 s: the exchange's own curve")
    }

    @Test func anInnerRequestFailingOnEveryAttemptEndsTheRun() async {
        let calls = Recorder<String>()
        let time = ManualTimeSource()
        let client = Self.client(Self.transport(calls) { _, _ in (500, [:]) }, time, maxAttempts: 2)
        do {
            try await drivingClockThrowing(time) {
                var statistics = GraphBatchClient.Statistics()
                try await client.run([GraphBatch.Request(url: "/x")], statistics: &statistics) { _, _ in .more([]) }
            }
            Issue.record("the run must fail")
        } catch {
            guard case .unavailable(let detail) = error as? GraphExchange.Failure else {
                Issue.record("expected unavailable, got \(error)")
                return
            }
            #expect(detail.hasPrefix("HTTP 500 after 2 attempts"))
        }
    }

    @Test func aBatchAnswerWithoutEveryResponseIsRefused() async {
        let time = ManualTimeSource()
        let transport = ClosureTransport { _ in
            HTTPResponse(status: 200, body: Data(#"{"responses":[{"id":"1","status":200,"body":{}}]}"#.utf8))
        }
        let client = Self.client(transport, time)
        do {
            var statistics = GraphBatchClient.Statistics()
            try await client.run(
                [GraphBatch.Request(url: "/a"), GraphBatch.Request(url: "/b")], statistics: &statistics
            ) {
                _, _ in .more([])
            }
            Issue.record("the run must fail")
        } catch {
            guard case .unexpected(_, let detail) = error else {
                Issue.record("expected unexpected, got \(error)")
                return
            }
            #expect(detail.contains("one response for each of its 2 requests"))
        }
    }

    /// A window counts units: a third request of 15 units waits until the first two's leave a window of 40.
    @Test func aWindowCountsUnits() async throws {
        let time = ManualTimeSource()
        let starts = Recorder<String>()
        let transport = ClosureTransport { _ in
            _ = starts.append(String(time.now()))
            return HTTPResponse(status: 200)
        }
        let exchange = GraphExchange(
            transport: transport, tokens: FixedTokens(), time: time, requests: GraphRequest(), maxAttempts: 1,
            maxWait: 60, service: "test")
        let window = RequestWindow(count: 40, seconds: 10, time: time)
        try await drivingClockThrowing(time) {
            for _ in 0..<3 {
                _ = try await exchange.send(
                    "GET", URL(string: "http://127.0.0.1:9/x")!, maxSuccessBodyBytes: 100, window: window, units: 15)
            }
        }
        #expect(starts.all == ["0.0", "0.0", "10.0"])
    }
}

/// Runs `work`, moving the manual clock to each sleeper's deadline, within a bounded number of turns.
func drivingClockThrowing<T: Sendable>(
    _ time: ManualTimeSource, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    let task = Task { try await work() }
    let done = Recorder<String>()
    let watcher = Task {
        _ = try? await task.value
        _ = done.append("done")
    }
    for _ in 0..<1_000_000 where done.all.isEmpty {
        if time.sleeperCount > 0, let next = time.nextDeadline { time.advance(by: max(0, next - time.now())) }
        await Task.yield()
    }
    await watcher.value
    return try await task.value
}
