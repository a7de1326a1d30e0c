import Foundation
import Transport

/// Sends many Graph requests as JSON batches (docs/service.md, "JSON batching"): up to 20 in each `POST $batch`,
/// `concurrency` batches at a time, every batch taking its requests' units of the service's window first. The batch
/// itself goes through `GraphExchange` (token, 401 refresh, its own 429/5xx retries); each request inside it follows
/// the same policy on its own: a 429 or retried 5xx inside the 200 is sent again in a later batch after its own
/// Retry-After (else the backoff curve), `maxAttempts` times in all, and a Retry-After beyond `maxWait` ends the run.
/// A throttled request also holds back everything else until its wait is over: the quota belongs to the app, not to
/// one request.
package struct GraphBatchClient: Sendable {
    /// What a run sent.
    package struct Statistics: Sendable, Equatable {
        /// `POST $batch` requests answered (each retry of a whole batch by the exchange not counted apart).
        package var batches = 0
        /// Inner requests answered, retries included.
        package var requests = 0
        /// Inner requests answered 429.
        package var throttled = 0
        /// Inner requests sent again (429 or a server error).
        package var retried = 0
        /// Units taken from the window, retries included.
        package var units = 0

        package init() {}
    }

    /// What follows an answer.
    package enum Next: Sendable {
        /// More requests to send (the next page), possibly none.
        case more([GraphBatch.Request])
        /// Stop the run at once (the handler met an answer it cannot go on from).
        case stop
    }

    /// The largest batch answer read: 20 pages of up to 999 objects each.
    package static let maxBatchBytes = 64 << 20

    let exchange: GraphExchange
    let batchURL: URL
    let window: RequestWindow?
    let concurrency: Int

    /// - Parameter batchURL: `{graph}/{version}/$batch`.
    package init(
        batchURL: URL, transport: any HTTPTransport, tokens: any AccessTokenProvider, time: any TimeSource,
        window: RequestWindow?, maxAttempts: Int, maxWait: Double, concurrency: Int = 4,
        requests: GraphRequest = GraphRequest(), service: String = "Microsoft Graph"
    ) {
        self.batchURL = batchURL
        self.window = window
        self.concurrency = max(1, concurrency)
        exchange = GraphExchange(
            transport: transport, tokens: tokens, time: time, requests: requests, maxAttempts: max(1, maxAttempts),
            maxWait: maxWait, service: service)
    }

    private struct Pending: Sendable {
        var request: GraphBatch.Request
        var attempt: Int
        var notBefore: Double
    }

    /// Sends `requests` and every request `handle` adds, until none is left or `handle` says stop. Every final
    /// answer (anything but a retried one) goes to `handle`, one batch's worth at a time, on the caller's task.
    package func run(
        _ requests: [GraphBatch.Request], statistics: inout Statistics,
        handle: (GraphBatch.Request, GraphBatch.Response) -> Next
    ) async throws(GraphExchange.Failure) {
        let time = exchange.time
        // New requests in order (`head` is the next one), and the ones to try again, each from its own time.
        var fresh = requests
        var head = 0
        var retries: [Pending] = []
        var resumeAt = 0.0
        let wave = concurrency * GraphBatch.maximumRequests
        while head < fresh.count || !retries.isEmpty {
            let soonest = head < fresh.count ? 0 : retries.map(\.notBefore).min() ?? 0
            let wait = max(resumeAt, soonest) - time.now()
            if wait > 0 { try await exchange.pause(wait) }
            let now = time.now()
            var ready: [Pending] = []
            retries.removeAll { item in
                guard item.notBefore <= now, ready.count < wave else { return false }
                ready.append(item)
                return true
            }
            while ready.count < wave, head < fresh.count {
                ready.append(Pending(request: fresh[head], attempt: 1, notBefore: 0))
                head += 1
            }
            if head > 4096, head * 2 > fresh.count {
                fresh.removeFirst(head)
                head = 0
            }
            let chunks = stride(from: 0, to: ready.count, by: GraphBatch.maximumRequests).map {
                Array(ready[$0..<min($0 + GraphBatch.maximumRequests, ready.count)])
            }
            let answers = await send(chunks)
            let answered = time.now()
            for (chunk, answer) in zip(chunks, answers) {
                let responses = try answer.get()
                statistics.batches += 1
                statistics.units += chunk.reduce(0) { $0 + $1.request.units }
                for (item, response) in zip(chunk, responses) {
                    statistics.requests += 1
                    if GraphExchange.retriedStatuses.contains(response.status) {
                        let delay = try exchange.retryDelay(
                            status: response.status, error: response.error, header: response.header("Retry-After"),
                            attempt: item.attempt)
                        statistics.retried += 1
                        if response.status == 429 {
                            statistics.throttled += 1
                            resumeAt = max(resumeAt, answered + delay)
                        }
                        retries.append(
                            Pending(request: item.request, attempt: item.attempt + 1, notBefore: answered + delay))
                        continue
                    }
                    switch handle(item.request, response) {
                    case .more(let next): fresh += next
                    case .stop: return
                    }
                }
            }
        }
    }

    /// Sends the chunks side by side; each answer in the order of its chunk's requests.
    private func send(_ chunks: [[Pending]]) async -> [Result<[GraphBatch.Response], GraphExchange.Failure>] {
        await withTaskGroup(of: (Int, Result<[GraphBatch.Response], GraphExchange.Failure>).self) { group in
            for (index, chunk) in chunks.enumerated() {
                group.addTask {
                    do throws(GraphExchange.Failure) {
                        return (index, .success(try await sendBatch(chunk.map(\.request))))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<[GraphBatch.Response], GraphExchange.Failure>](
                repeating: .failure(.unavailable("cancelled")), count: chunks.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
    }

    private func sendBatch(_ requests: [GraphBatch.Request]) async throws(GraphExchange.Failure) -> [GraphBatch
        .Response]
    {
        let response = try await exchange.send(
            "POST", batchURL, body: GraphBatch.body(requests), contentType: "application/json",
            maxSuccessBodyBytes: Self.maxBatchBytes, window: window, units: requests.reduce(0) { $0 + $1.units })
        guard !response.bodyTruncated else {
            throw .unexpected(
                status: response.status, detail: "a batch answer larger than \(Self.maxBatchBytes >> 20) MB")
        }
        guard let responses = GraphBatch.responses(in: response.body, count: requests.count) else {
            throw .unexpected(
                status: response.status,
                detail: "the $batch answer does not hold one response for each of its \(requests.count) requests")
        }
        return responses
    }
}
