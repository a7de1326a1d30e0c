import Directory
import DirectoryClient
import Foundation
import TestSupport
import Testing
import Transport

/// `scripts/directory-read-bench.sh`'s measurement, opt-in: skipped unless `DIRECTORY_BENCH_AUTHORITY` names a
/// running emulator (the script starts one with a generated seed). Reads the directory for
/// `DIRECTORY_BENCH_RECORDS` records through `DirectoryReader` with the real `CurlTransport`, predicts their
/// outcomes, and prints the wall times, the requests and the peak RSS on lines starting with `BENCH`.
///
/// `DIRECTORY_BENCH_SCENARIO`: `nightly` (the default: the records are the seeded people, every 10th of whom has no
/// employeeId in the directory, so those are new hires whose values another user holds) or `new` (no record is in
/// the directory yet: a first run). `DIRECTORY_BENCH_STRATEGY`: `automatic` (default), `lookups` or `scan`.
@Suite struct DirectoryReadBenchmark {
    static let environment = ProcessInfo.processInfo.environment

    @Test(.enabled(if: environment["DIRECTORY_BENCH_AUTHORITY"] != nil))
    func readTheDirectoryForAnExport() async throws {
        let authority = try #require(Self.environment["DIRECTORY_BENCH_AUTHORITY"])
        let count = Int(Self.environment["DIRECTORY_BENCH_RECORDS"] ?? "") ?? 100_000
        let scenario = Self.environment["DIRECTORY_BENCH_SCENARIO"] ?? "nightly"
        let strategy =
            DirectoryReader.Strategy(rawValue: Self.environment["DIRECTORY_BENCH_STRATEGY"] ?? "") ?? .automatic
        let prefix = scenario == "new" ? "new" : "user"
        let idPrefix = scenario == "new" ? "N" : ""
        let records = (0..<count).map { index -> PlannedRecord in
            let id = idPrefix + String(index)
            return PlannedRecord(
                externalId: id,
                values: [
                    "employeeId": id, "userPrincipalName": "\(prefix)\(index)@contoso.com",
                    "mail": "\(prefix)\(index)@contoso.com", "mailNickname": "\(prefix)\(index)",
                    "displayName": "User \(index)",
                ],
                active: true, manager: index % 10 > 1 ? idPrefix + String(index - index % 10 + 1) : nil)
        }
        let baseline = Self.peakMB()
        let token = try await Self.token(authority)
        var settings = DirectoryReader.Settings(
            graphBase: authority,
            attributes: ["employeeId", "userPrincipalName", "mail", "mailNickname", "displayName"])
        settings.strategy = strategy
        let reader = DirectoryReader(
            settings: settings, transport: CurlTransport(), tokens: EmulatorGraph.Tokens(value: token),
            time: SystemTimeSource())
        let started = Date()
        let read = try await reader.read(records.map { $0.needs(matchingAttribute: "employeeId") })
        let readSeconds = Date().timeIntervalSince(started)
        let afterRead = Self.peakMB()
        let predicted = Date()
        let predictions = DirectoryPredictor(index: read.index).predict(records) { _ in false }
        let predictSeconds = Date().timeIntervalSince(predicted)
        let summary = DirectoryPredictionSummary(predictions)
        let statistics = read.statistics
        print(
            String(
                format: "BENCH scenario %@, strategy %@, records %d: read %.1f s, predict %.1f s", scenario,
                strategy.rawValue, count, readSeconds, predictSeconds))
        print(
            "BENCH requests \(statistics.requests) in \(statistics.batches) batches, units \(statistics.units), "
                + "429 \(statistics.throttled), retried \(statistics.retried), scanned users "
                + "\(statistics.scannedUsers.map(String.init) ?? "none"), users kept \(read.index.count)")
        print(
            "BENCH outcomes \(summary.outcomes.map { "\($0.key.rawValue) \($0.value)" }.sorted().joined(separator: ", ")); "
                + "findings \(summary.findings.map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))")
        print(
            String(
                format: "BENCH peak RSS %.0f MB before the read (the records), %.0f MB after it, %.0f MB after the "
                    + "predictions", baseline, afterRead, Self.peakMB()))
        #expect(predictions.count == count)
    }

    static func token(_ authority: String) async throws -> String {
        let tenant = environment["DIRECTORY_BENCH_TENANT"] ?? EmulatorProcess.tenant
        let form =
            "grant_type=client_credentials&client_id=\(environment["DIRECTORY_BENCH_CLIENT"] ?? EmulatorProcess.client)"
            + "&client_secret=\(environment["DIRECTORY_BENCH_SECRET"] ?? EmulatorProcess.secret)"
            + "&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
        let response = try await CurlTransport().send(
            HTTPRequest(
                method: "POST", url: URL(string: "\(authority)/\(tenant)/oauth2/v2.0/token")!,
                headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Data(form.utf8)))
        let object = try JSONSerialization.jsonObject(with: response.body) as? [String: Any]
        return try #require(object?["access_token"] as? String)
    }

    /// This process's peak resident set (`VmHWM`), in MB.
    static func peakMB() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        else { return 0 }
        return kilobytes / 1024
    }
}
