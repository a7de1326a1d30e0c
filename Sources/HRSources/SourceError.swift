import Foundation

/// Why a source could not be read. Every message names the source and, where one is involved, the URL (without
/// secrets: see `SourceURL.display`); nothing a server sent is shown before `ServerText` cleaned it.
package struct SourceError: Error, Sendable, Equatable, LocalizedError {
    package enum Kind: Sendable, Equatable {
        /// A setting is missing or wrong.
        case configuration(String)
        /// The caller could not give a secret: its message.
        case secret(SourceSecret, String)
        /// Plain http to a host that is not loopback.
        case insecure(what: String, url: String)
        /// A redirect or next link to a host that is neither the source's nor allowed.
        case otherHost(what: String, url: String, host: String, sourceHost: String)
        /// A next link (or cursor) that leads back to a page already read.
        case loop(url: String, page: Int)
        /// More than `maxPages` pages; `url` is the last one read.
        case tooManyPages(url: String, limit: Int)
        /// 401 or 403: the credentials were refused.
        case refused(url: String, status: Int, detail: String)
        /// Any other final HTTP status.
        case failed(url: String, status: Int, detail: String)
        /// Unreachable or failing (429, 5xx, connection errors) after every attempt.
        case unavailable(url: String, reason: String, attempts: Int)
        /// The source asked to wait longer than allowed.
        case waitTooLong(url: String, retryAfter: String, seconds: Double, maxWait: Double)
        /// A page that is not JSON (HTML, cut short, broken), after every attempt: what was expected, what came.
        case malformed(url: String, page: Int, expected: String, detail: String, attempts: Int)
        /// A page that is JSON but not the records expected: no records at the records path, an error object.
        case unexpected(url: String, page: Int, detail: String)
        /// A page larger than `maxPageBytes`.
        case pageTooLarge(url: String, page: Int, limit: Int)
        /// More than `maxSnapshotBytes` in all; `url` is the page that went past it.
        case tooMuch(url: String, page: Int, limit: Int)
        /// The token endpoint failed or answered without a token.
        case token(url: String, detail: String)
        /// The snapshot could not be written.
        case snapshot(path: String, reason: String)
        case cancelled
    }

    /// The source's name: "workday", "generic".
    package let source: String
    package let kind: Kind

    package init(source: String, kind: Kind) {
        self.source = source
        self.kind = kind
    }

    package var errorDescription: String? { "the \(source) source: " + detail }

    /// The problem without the source's name.
    package var detail: String {
        switch kind {
        case .configuration(let message): return message
        case .secret(let secret, let message): return "cannot read its \(secret.rawValue): \(message)"
        case .insecure(let what, let url):
            return "\(what): \(url) must use https (plain http is allowed only for 127.0.0.1, ::1 or localhost)"
        case .otherHost(let what, let url, let host, let sourceHost):
            return "\(what): \(url) is on \(host), another host than the source's \(sourceHost); credentials are "
                + "sent only to the source's host, so it was not followed. If \(host) is right, allow it with "
                + "--allow-host \(host)"
        case .loop(let url, let page):
            return "page \(page) would be \(url) again, a page already read: the source's paging loops"
        case .tooManyPages(let url, let limit):
            return "more than \(limit) pages (page \(limit + 1) would be \(url)): the source kept paging; if it "
                + "really holds that many, ask for larger pages (--source-page-size)"
        case .refused(let url, let status, let detail):
            return "\(url) refused the credentials (HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)")); check "
                + "them and the user's permissions in the HR system"
        case .failed(let url, let status, let detail):
            return "\(url) answered HTTP \(status)\(detail.isEmpty ? "" : ": \(detail)")"
        case .unavailable(let url, let reason, let attempts):
            return "\(url) failed: \(reason) (after \(attempts) attempt\(attempts == 1 ? "" : "s")); nothing was kept"
        case .waitTooLong(let url, let header, let seconds, let maxWait):
            return "\(url) asked to wait \(Int(seconds)) s (Retry-After: \(header)), longer than the \(Int(maxWait)) s "
                + "allowed; try again later"
        case .malformed(let url, let page, let expected, let detail, let attempts):
            return (page > 0 ? "page \(page) (\(url))" : url) + " is not \(expected): \(detail)"
                + (attempts > 1 ? " (after \(attempts) attempts)" : "") + "; nothing was kept"
        case .unexpected(let url, let page, let detail):
            return "page \(page) (\(url)) does not hold the records expected: \(detail); nothing was kept"
        case .pageTooLarge(let url, let page, let limit):
            return "page \(page) (\(url)) is larger than \(limit >> 20) MB, the most a page may hold; ask for smaller "
                + "pages (--source-page-size)"
        case .tooMuch(let url, let page, let limit):
            return "the records reached \(limit >> 20) MB by page \(page) (\(url)), the most a snapshot may hold; "
                + "nothing was kept. If the source really holds that much, raise --source-max-mb"
        case .token(let url, let detail): return "the token endpoint \(url) \(detail)"
        case .snapshot(let path, let reason): return "cannot write the snapshot \(path): \(reason)"
        case .cancelled: return "reading was stopped; nothing was kept"
        }
    }
}
