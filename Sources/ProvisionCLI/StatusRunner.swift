import CSV
import Foundation
import Graph
import Token
import Transport

/// Per-record outcomes of an upload, from the provisioning logs (contract §2): shared by `provision status` and
/// `provision upload --wait`.
struct StatusRunner {
    let context: CommandContext
    let journalPath: String
    let settings: UploadSettings
    /// How long to keep polling for records without an outcome; 0 reads once.
    let wait: Double
    let pollInterval: Double

    func run() async -> ExitStatus {
        let console = context.console
        let recorded: Journal.Contents
        do {
            guard let read = try Journal.read(path: journalPath) else {
                console.error("no upload journal at \(journalPath): name the run with --journal FILE or --report FILE (its journal is FILE.journal)")
                return .noInput
            }
            recorded = read
        } catch {
            console.error(error.localizedDescription)
            return .dataError
        }
        let uploaded = recorded.accepted.flatMap { entry in zip(entry.externalIds, entry.lines).map { (externalId: $0, line: $1) } }
        let time = SystemTimeSource()
        let transport = URLSessionTransport(maxConnectionsPerHost: 2)
        let tokens = TokenCache(client: TokenClient(credential: settings.credential, cloud: settings.cloud, transport: transport, time: time), time: time)
        let client = ProvisioningLogClient(
            transport: transport, tokens: tokens, time: time, maxWait: settings.upload.maxWait,
            requests: GraphRequest(userAgent: settings.upload.userAgent))
        // Allow for clock skew between this host and the service.
        let query = ProvisioningLogClient.Query(
            graphBase: settings.endpoint.graphBase, version: settings.endpoint.version, jobId: recorded.header.jobId,
            since: recorded.header.startedAt.addingTimeInterval(-300))
        let deadline = Date().addingTimeInterval(wait)
        var summary: StatusSummary
        while true {
            do {
                summary = StatusSummary(uploaded: uploaded, entries: try await client.fetchAll(query))
            } catch {
                console.error(error.localizedDescription)
                switch error {
                case .forbidden, .unauthorized: return .authentication
                case .unavailable: return .unavailable
                case .unexpected: return .internalError
                }
            }
            if summary.isComplete || Date().addingTimeInterval(pollInterval) > deadline { break }
            if !context.quiet {
                console.diagnostic("provision: \(summary.pending.count) of \(summary.records.count) records have no log row yet (logs lag 5–10 minutes); polling again in \(Int(pollInterval)) s")
            }
            try? await time.sleep(seconds: pollInterval)
        }
        let status: ExitStatus = !summary.failures.isEmpty ? .someRowsFailed : (summary.isComplete ? .success : .stoppedEarly)
        if let failedPath = context.arguments.value("failed"), !summary.failures.isEmpty {
            if let problem = writeFailedRows(summary, header: recorded.header, to: failedPath) {
                console.error(problem)
                return .internalError
            }
        }
        print(summary, header: recorded.header, status: status)
        return status
    }

    /// The original input rows of the failed records, with the same header, so `provision upload FILE` retries them.
    private func writeFailedRows(_ summary: StatusSummary, header: Journal.Header, to path: String) -> String? {
        let wanted = Set(summary.failures.map(\.line))
        do {
            var dialect = CSVDialect()
            if let name = header.delimiter, let delimiter = CSVDialect.delimiter(named: name) { dialect.delimiter = delimiter }
            if let name = header.encoding { dialect.encoding = TextEncoding(name: name) }
            let reader = try CSVReader(path: header.input, dialect: dialect)
            var text = CSVWriter.line(reader.header.fields, delimiter: dialect.delimiter)
            while let record = try reader.next() {
                if wanted.contains(record.line) { text += CSVWriter.line(record.fields, delimiter: dialect.delimiter) }
            }
            try AtomicFile.write(Data(text.utf8), to: path)
            return nil
        } catch {
            return "cannot write the failed rows to \(path): \(error.localizedDescription)"
        }
    }

    private func print(_ summary: StatusSummary, header: Journal.Header, status: ExitStatus) {
        let console = context.console
        if context.arguments.flag("json") {
            let object: [String: Any] = [
                "input": header.input, "jobId": header.jobId, "uploadedAt": ISO8601DateFormatter().string(from: header.startedAt),
                "records": summary.records.count, "byStatus": summary.byStatus, "byAction": summary.byAction,
                "pending": summary.pending.count,
                "failures": summary.failures.map { record -> [String: Any] in
                    ["externalId": record.externalId, "line": record.line, "action": record.entry?.action ?? "",
                     "errorCode": record.entry?.errorCode ?? "", "reason": record.entry?.reason ?? "",
                     "recommendedAction": record.entry?.recommendedAction ?? ""]
                },
                "exitStatus": Int(status.rawValue),
            ]
            let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
            console.out(String(decoding: data, as: UTF8.self) + "\n")
            return
        }
        let counts = ["success", "warning", "failure", "skipped"].map { "\(summary.byStatus[$0] ?? 0) \($0)" }.joined(separator: ", ")
        console.line("\(header.input): \(summary.records.count) records uploaded: \(counts), \(summary.pending.count) pending")
        if !summary.byAction.isEmpty {
            console.line("actions: " + summary.byAction.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
        }
        for record in summary.failures {
            let entry = record.entry!
            var text = "\(header.input):\(record.line): failure: externalId \"\(record.externalId)\" (\(entry.action)): \(entry.errorCode ?? "error")"
            if let reason = entry.reason { text += ": \(reason)" }
            if let action = entry.recommendedAction { text += " — \(action)" }
            console.line(text)
        }
    }
}
