import Foundation
import JSONRecords
import Transport

/// Reads a whole source into a snapshot: every page, following its paging to the end, each page's records (under the
/// records path) checked by the JSON records reader and written as NDJSON, one compact object a line, in the order
/// received. The snapshot appears only when the whole source was read (`SnapshotWriter`): a source that fails mid-way
/// leaves no partial snapshot and any previous snapshot as it was.
///
/// The secrets are asked for once, registered with `SecretRegistry` (so that no server text shows them in any
/// encoding) and sent only to the source's own host (or an allowed one): never in a URL that is shown.
package struct SourceFetcher: Sendable {
    package let configuration: SourceConfiguration
    let secrets: any SourceSecrets
    let transport: any HTTPTransport
    let time: any TimeSource
    let retry: RetryPolicy
    let wallClock: @Sendable () -> Date
    let events: (@Sendable (SourceEvent) -> Void)?

    /// - Parameters:
    ///   - retry: the run's limits (`--max-attempts`, `--timeout`, `--max-wait`).
    ///   - events: progress and retries, as they happen.
    package init(
        configuration: SourceConfiguration, secrets: any SourceSecrets, transport: any HTTPTransport,
        time: any TimeSource = SystemTimeSource(), retry: RetryPolicy = RetryPolicy(),
        wallClock: @escaping @Sendable () -> Date = { Date() }, events: (@Sendable (SourceEvent) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.secrets = secrets
        self.transport = transport
        self.time = time
        self.retry = retry
        self.wallClock = wallClock
        self.events = events
    }

    /// Reads every page into a snapshot at `snapshotPath` (NDJSON, mode 0600).
    package func fetch(to snapshotPath: String) async throws(SourceError) -> SnapshotSummary {
        let run = try SourceRun(fetcher: self)
        let snapshot = try SnapshotWriter(path: snapshotPath, source: configuration.name)
        do {
            let (records, pages) = try await run.readPages(into: snapshot)
            try snapshot.commit()
            return SnapshotSummary(path: snapshotPath, records: records, pages: pages, bytes: snapshot.bytes)
        } catch {
            snapshot.discard()
            throw error
        }
    }
}

/// One fetch's state: the secrets read, the token, the pages seen. Used by one task only.
final class SourceRun {
    let configuration: SourceConfiguration
    let fetcher: SourceFetcher
    let exchange: SourceExchange
    let origins: OriginPolicy
    /// Each secret the style needs, as read.
    let values: [SourceSecret: String]
    var token: (value: String, expiresAt: Double)?

    init(fetcher: SourceFetcher) throws(SourceError) {
        configuration = fetcher.configuration
        self.fetcher = fetcher
        var values: [SourceSecret: String] = [:]
        for secret in configuration.auth.secrets {
            do {
                let value = try fetcher.secrets.value(of: secret)
                guard !value.isEmpty else {
                    throw SourceError(source: configuration.name, kind: .secret(secret, "it is empty"))
                }
                values[secret] = value
            } catch let error as SourceError {
                throw error
            } catch {
                let message = ServerText.clean(error.localizedDescription, extra: Array(values.values), limit: 300)
                throw SourceError(source: configuration.name, kind: .secret(secret, message))
            }
        }
        self.values = values
        SecretRegistry.shared.register(Array(values.values))
        exchange = SourceExchange(
            source: configuration.name, transport: fetcher.transport, time: fetcher.time, retry: fetcher.retry,
            wallClock: fetcher.wallClock, secrets: Array(values.values), events: fetcher.events)
        origins = OriginPolicy(source: configuration.url, allowedHosts: configuration.allowedHosts)
        if let problem = origins.problem(with: configuration.url, what: "the source URL") {
            throw SourceError(source: configuration.name, kind: problem)
        }
    }

    /// What one page gave.
    struct Page {
        var records = 0
        var meta: [String: JSONValue] = [:]
        var linkHeader: String?
        var url: URL
        /// The source said there is nothing more (an end status).
        var ended = false
    }

    /// Every page, in order, into `snapshot`: the records and pages read.
    func readPages(into snapshot: SnapshotWriter) async throws(SourceError) -> (Int, Int) {
        let paging = configuration.paging
        var url = firstURL()
        var visited = Set<String>()
        var cursors = Set<String>()
        var offset = 0
        var pageNumber = paging.firstPage
        var total = 0
        var number = 0
        while true {
            number += 1
            if number > configuration.maxPages {
                throw fail(.tooManyPages(url: display(url), limit: configuration.maxPages))
            }
            guard visited.insert(url.absoluteString).inserted else {
                throw fail(.loop(url: display(url), page: number))
            }
            let page = try await read(url, number: number, into: snapshot)
            if snapshot.bytes > configuration.maxSnapshotBytes {
                throw fail(.tooMuch(url: display(url), page: number, limit: configuration.maxSnapshotBytes))
            }
            // An end status is no page: the one before was the last.
            if page.ended { return (total, number - 1) }
            total += page.records
            fetcher.events?(.page(number: number, records: page.records, total: total, url: display(page.url)))
            switch paging.style {
            case .none:
                return (total, number)
            case .nextLink:
                let link =
                    page.meta[paging.nextLinkPath ?? ""]?.text.flatMap { $0.isEmpty ? nil : $0 }
                    ?? (paging.linkHeader ? SourceURL.nextLink(fromHeader: page.linkHeader) : nil)
                guard let link else { return (total, number) }
                guard let next = URL(string: link, relativeTo: page.url)?.absoluteURL else {
                    throw fail(.unexpected(url: display(page.url), page: number, detail: "its next link is not a URL"))
                }
                if let problem = origins.problem(with: next, what: "the next link of page \(number)") {
                    throw fail(problem)
                }
                url = next
            case .offset:
                guard page.records > 0 else { return (total, number) }
                offset += page.records
                if let known = count(page.meta[paging.totalPath ?? ""]), offset >= known { return (total, number) }
                url = SourceURL.setting(paging.offsetParameter ?? "offset", to: String(offset), in: url)
            case .page:
                guard page.records > 0 else { return (total, number) }
                if let pages = count(page.meta[paging.totalPath ?? ""]), pageNumber - paging.firstPage + 1 >= pages {
                    return (total, number)
                }
                pageNumber += 1
                url = SourceURL.setting(paging.pageParameter ?? "page", to: String(pageNumber), in: url)
            case .cursor:
                guard let cursor = page.meta[paging.cursorPath ?? ""]?.text, !cursor.isEmpty else {
                    return (total, number)
                }
                guard cursors.insert(cursor).inserted else { throw fail(.loop(url: display(url), page: number + 1)) }
                url = SourceURL.setting(paging.cursorParameter ?? "cursor", to: cursor, in: url)
            }
        }
    }

    /// The first page's URL: the page size asked for, and the first offset or page where the style counts them.
    private func firstURL() -> URL {
        let paging = configuration.paging
        var url = configuration.url
        if let size = configuration.pageSize, let parameter = paging.sizeParameter {
            url = SourceURL.setting(parameter, to: String(size), in: url)
        }
        switch paging.style {
        case .offset: url = SourceURL.setting(paging.offsetParameter ?? "offset", to: "0", in: url)
        case .page: url = SourceURL.setting(paging.pageParameter ?? "page", to: String(paging.firstPage), in: url)
        default: break
        }
        return url
    }

    private func count(_ value: JSONValue?) -> Int? {
        guard let text = value?.text else { return nil }
        return Int(text) ?? Double(text).flatMap { $0.isFinite ? Int(exactly: $0.rounded(.down)) : nil }
    }

    func display(_ url: URL) -> String { SourceURL.display(url, extra: exchange.secrets) }

    func fail(_ kind: SourceError.Kind) -> SourceError { SourceError(source: configuration.name, kind: kind) }
}
