import Foundation
import JSONDocument

/// Counters behind `GET /_emulator/stats`; tests and the benchmark read them to check client behaviour.
struct Stats: Sendable {
    var requests = 0
    var accepted = 0
    var rejected = 0
    var throttled = 0
    var serverErrors = 0
    var dropped = 0
    var tokensIssued = 0
    var recordsReceived = 0
    var uniqueExternalIDs: Set<String> = []
    var processed = 0
    var logRows = 0
    var logRequests = 0
    var logThrottled = 0
    /// Directory reads (`/users`, each request inside a `$batch` counted), and those answered 429.
    var directoryRequests = 0
    var directoryThrottled = 0
    /// Runs of consecutive 429 answers (in the order they were answered): how often a client walked into the limit.
    var throttleEpisodes = 0
    private var lastAnswerThrottled = false
    private var arrivalsInWindow: SlidingWindowMaximum
    private var arrivalsInOneSecond = SlidingWindowMaximum(windowSeconds: 1)

    init(rateWindowSeconds: Double) { arrivalsInWindow = SlidingWindowMaximum(windowSeconds: rateWindowSeconds) }

    /// Counts a bulkUpload request the moment it arrives, whatever its outcome.
    mutating func recordArrival(now: Double) {
        requests += 1
        arrivalsInWindow.record(now: now)
        arrivalsInOneSecond.record(now: now)
    }

    /// Counts an answered bulkUpload status.
    mutating func recordOutcome(status: Int) {
        if status == 429, !lastAnswerThrottled { throttleEpisodes += 1 }
        lastAnswerThrottled = status == 429
        switch status {
        case 202: accepted += 1
        case 400..<500 where status == 429: throttled += 1
        case 400..<500: rejected += 1
        case 500...: serverErrors += 1
        default: break
        }
    }

    /// Exactly the documented keys, all numbers.
    var json: JSON {
        .object([
            "requests": .number(requests), "accepted": .number(accepted), "rejected": .number(rejected),
            "throttled": .number(throttled), "serverErrors": .number(serverErrors), "dropped": .number(dropped),
            "tokensIssued": .number(tokensIssued), "maxRequestsInWindow": .number(arrivalsInWindow.maximum),
            "maxRequestsInOneSecond": .number(arrivalsInOneSecond.maximum), "recordsReceived": .number(recordsReceived),
            "uniqueRecords": .number(uniqueExternalIDs.count),
            "duplicateRecords": .number(recordsReceived - uniqueExternalIDs.count), "processed": .number(processed),
            "logRows": .number(logRows), "logRequests": .number(logRequests), "logThrottled": .number(logThrottled),
            "throttleEpisodes": .number(throttleEpisodes), "directoryRequests": .number(directoryRequests),
            "directoryThrottled": .number(directoryThrottled),
        ])
    }
}
