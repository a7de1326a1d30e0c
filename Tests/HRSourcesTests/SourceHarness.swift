import Foundation
import HRSources
import JSONRecords
import Synchronization
import TestSupport
import Testing
import Transport

/// Time that moves only when someone sleeps, by exactly the sleep: retries and token lifetimes are tested without
/// waiting, and every wait is recorded.
final class SteppingTime: TimeSource, Sendable {
    private let state = Mutex<(now: Double, sleeps: [Double])>((0, []))

    func now() -> Double { state.withLock { $0.now } }

    func sleep(seconds: Double) async throws {
        try Task.checkCancellation()
        state.withLock {
            $0.sleeps.append(seconds)
            $0.now += max(0, seconds)
        }
    }

    func advance(by seconds: Double) { state.withLock { $0.now += seconds } }

    var sleeps: [Double] { state.withLock { $0.sleeps } }
}

/// Collects what a fetch reports.
final class EventLog: Sendable {
    private let items = Mutex<[SourceEvent]>([])
    var handler: @Sendable (SourceEvent) -> Void { { [self] event in items.withLock { $0.append(event) } } }
    var all: [SourceEvent] { items.withLock { $0 } }
    var text: String { all.map(\.message).joined(separator: "\n") }
}

enum SourceHarness {
    static func secrets(_ values: [SourceSecret: String]) -> SecretsFromClosure {
        SecretsFromClosure { secret in
            guard let value = values[secret] else { throw SecretMissing(secret: secret) }
            return value
        }
    }

    struct SecretMissing: Error, LocalizedError {
        let secret: SourceSecret
        var errorDescription: String? { "no \(secret.rawValue) was given" }
    }

    /// The records of a snapshot, read back with the JSON records reader.
    static func snapshotRecords(_ path: String) throws -> [JSONRecord] {
        let reader = try JSONRecordReader(path: path, options: JSONReaderOptions(format: .ndjson))
        var records: [JSONRecord] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The file's permission bits.
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    /// Files in the directory other than `keep` (a temporary snapshot left behind would show here).
    static func leftovers(in directory: URL, keeping keep: [String] = []) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { !keep.contains($0) }.sorted()
    }

    /// Runs `fetcher` and returns its error (the test fails when it succeeds).
    static func failure(
        _ fetcher: SourceFetcher, to path: String, sourceLocation: SourceLocation = #_sourceLocation
    ) async -> SourceError? {
        do {
            let summary = try await fetcher.fetch(to: path)
            Issue.record("the fetch succeeded: \(summary)", sourceLocation: sourceLocation)
            return nil
        } catch {
            return error
        }
    }
}

/// A JSON answer.
func jsonAnswer(_ status: Int, _ text: String, headers: [String: String] = [:]) -> HTTPResponse {
    HTTPResponse(
        status: status, headers: headers.merging(["Content-Type": "application/json"]) { given, _ in given },
        body: Data(text.utf8))
}
