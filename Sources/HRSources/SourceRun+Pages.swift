import Foundation
import JSONRecords
import Transport

/// One page: requested with the credentials, its records checked and written, or taken back when it is broken.
extension SourceRun {
    func read(_ url: URL, number: Int, into snapshot: SnapshotWriter) async throws(SourceError) -> Page {
        let paging = configuration.paging
        let options = JSONReaderOptions(
            format: .json, recordsPath: configuration.recordsPath, keepsText: true, metaPaths: paging.metaPaths)
        let expected =
            configuration.recordsPath.isEmpty
            ? "a JSON array of records" : "JSON with the records at \(configuration.recordsPath)"
        return try await exchange.perform(
            url: url, page: number, expected: expected, origins: origins, accepting: Set(paging.endStatuses),
            prepare: { target throws(SourceError) in try await pageRequest(target) },
            unauthorized: { [self] in
                guard configuration.auth.style == .oauth2, token != nil else { return false }
                token = nil
                return true
            },
            interpret: { response, target throws(SourceError) in
                try interpret(response, from: target, number: number, options: options, into: snapshot)
            })
    }

    /// A page's answer: its records written (and taken back if it turns out broken), or why it is not one.
    private func interpret(
        _ response: HTTPResponse, from target: URL, number: Int, options: JSONReaderOptions,
        into snapshot: SnapshotWriter
    ) throws(SourceError) -> SourceExchange.Outcome<Page> {
        let shown = display(target)
        if configuration.paging.endStatuses.contains(response.status) { return .done(Page(url: target, ended: true)) }
        if response.bodyTruncated {
            throw fail(.pageTooLarge(url: shown, page: number, limit: configuration.maxPageBytes))
        }
        if let html = Self.htmlTitle(response, secrets: exchange.secrets) {
            return .malformed("an HTML page (\(html))")
        }
        if response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            return .malformed("an empty answer")
        }
        let mark = snapshot.mark()
        do {
            let reader = try JSONRecordReader(data: response.body, source: shown, options: options)
            var page = Page(url: target)
            while let record = try reader.next() {
                try snapshot.append(record.text ?? [])
                page.records += 1
            }
            page.meta = reader.meta
            page.linkHeader = response.header("Link")
            return .done(page)
        } catch let error as JSONRecordsError {
            try snapshot.rollback(to: mark)
            let detail = ServerText.clean(Self.describe(error), extra: exchange.secrets, limit: 600)
            switch error.problem {
            case .syntax, .invalidEscape, .invalidNumber, .invalidUTF8, .invalidUTF16, .empty, .trailingContent,
                .readFailed, .cannotOpen, .secondObjectOnLine:
                // What a failing gateway or a cut connection leaves: worth asking again.
                return .malformed(detail)
            default:
                throw fail(.unexpected(url: shown, page: number, detail: detail))
            }
        } catch {
            throw error as? SourceError ?? fail(.snapshot(path: snapshot.path, reason: "\(error)"))
        }
    }

    /// The request for a page at `url`: the source's method, headers and body, and its credentials.
    func pageRequest(_ url: URL) async throws(SourceError) -> HTTPRequest {
        var headers = configuration.headers
        if headers.keys.contains(where: { $0.lowercased() == "accept" }) == false {
            headers["Accept"] = "application/json"
        }
        headers["User-Agent"] = "provision"
        let auth = configuration.auth
        switch auth.style {
        case .none:
            break
        case .bearer:
            headers["Authorization"] = "Bearer " + (values[.token] ?? "")
        case .basic:
            headers["Authorization"] = Self.basic(auth.user ?? "", values[.password] ?? "")
        case .apiKey:
            headers[auth.apiKeyHeader ?? "X-API-Key"] = values[.apiKey] ?? ""
        case .apiKeyAsUser:
            headers["Authorization"] = Self.basic(values[.apiKey] ?? "", "x")
        case .oauth2:
            headers["Authorization"] = "Bearer " + (try await currentToken())
        }
        return HTTPRequest(
            method: configuration.method, url: url, headers: headers, body: configuration.body,
            timeoutSeconds: fetcher.retry.requestTimeoutSeconds, maxSuccessBodyBytes: configuration.maxPageBytes)
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// The title (cleaned of `secrets`), or else the Content-Type, of an answer that is an HTML page; nil when it is
    /// not one.
    static func htmlTitle(_ response: HTTPResponse, secrets: [String] = []) -> String? {
        let type = response.header("Content-Type")?.lowercased() ?? ""
        let start = response.body.first { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }
        guard type.contains("html") || start == UInt8(ascii: "<") else { return nil }
        let text = String(decoding: response.body.prefix(4096), as: UTF8.self)
        if let open = text.range(of: "<title>", options: .caseInsensitive),
            let close = text.range(of: "</title>", options: .caseInsensitive, range: open.upperBound..<text.endIndex)
        {
            return "\""
                + ServerText.clean(String(text[open.upperBound..<close.lowerBound]), extra: secrets, limit: 80) + "\""
        }
        return "Content-Type \(ServerText.clean(type.isEmpty ? "none" : type, limit: 60))"
    }

    /// A page's JSON error without its URL (the page names that): where, the record, the JSON path and the problem.
    static func describe(_ error: JSONRecordsError) -> String {
        var text = ""
        if let location = error.location { text += "line \(location.line), column \(location.column): " }
        if let index = error.recordIndex {
            text += "record \(index + 1)" + (error.jsonPath.map { ", \($0)" } ?? "") + ": "
        } else if let path = error.jsonPath {
            text += "\(path): "
        }
        return text + error.detail
    }
}
