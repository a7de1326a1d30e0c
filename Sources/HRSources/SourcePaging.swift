/// How a source hands out its records page by page, as data: which style, and the names it uses.
///
/// Each style ends on its own signal: no next link; an empty page (or the total reached); no next cursor; or an
/// answer whose status says there is nothing more (ADP's 204). Whatever the style, a URL already read is refused (a
/// loop), and `SourceConfiguration.maxPages` bounds the pages.
package struct SourcePaging: Sendable, Equatable {
    package enum Style: String, Sendable, CaseIterable {
        /// Everything in one answer.
        case none
        /// The answer names the next page's URL: at `nextLinkPath` in the body, or in a `Link: <…>; rel="next"`
        /// header (RFC 8288).
        case nextLink = "next-link"
        /// `offsetParameter` counts records from 0: the next page starts where this one's records end.
        case offset
        /// `pageParameter` counts pages from `firstPage`.
        case page
        /// The answer carries an opaque cursor at `cursorPath`; the next request sends it in `cursorParameter`.
        case cursor
    }

    package var style: Style
    /// next-link: the dotted path of the next page's URL in the answer (`d.__next`, `@odata.nextLink`,
    /// `links.next`); nil reads only the `Link` header.
    package var nextLinkPath: String?
    /// next-link: whether a `Link: <…>; rel="next"` header is followed when the body names no next page.
    package var linkHeader: Bool
    /// offset: the parameter of the first record's position (`offset`, `$skip`).
    package var offsetParameter: String?
    /// page: the parameter of the page number (`page`), and the first page's number.
    package var pageParameter: String?
    package var firstPage: Int
    /// cursor: the parameter that sends the cursor back, and where the answer has the next one.
    package var cursorParameter: String?
    package var cursorPath: String?
    /// The parameter asking for a page size (`limit`, `$top`, `per_page`, `customPageSize`); nil leaves the size to the
    /// source. For next-link sources it is sent with the first request only (the links carry it on).
    package var sizeParameter: String?
    /// offset: the total number of records; page: the total number of pages; when the answer has it, paging stops
    /// there without asking for an empty page.
    package var totalPath: String?
    /// Statuses that mean "no more records" (ADP answers 204 past the last worker).
    package var endStatuses: [Int]

    package init(
        style: Style, nextLinkPath: String? = nil, linkHeader: Bool = false, offsetParameter: String? = nil,
        pageParameter: String? = nil, firstPage: Int = 1, cursorParameter: String? = nil, cursorPath: String? = nil,
        sizeParameter: String? = nil, totalPath: String? = nil, endStatuses: [Int] = []
    ) {
        self.style = style
        self.nextLinkPath = nextLinkPath
        self.linkHeader = linkHeader
        self.offsetParameter = offsetParameter
        self.pageParameter = pageParameter
        self.firstPage = firstPage
        self.cursorParameter = cursorParameter
        self.cursorPath = cursorPath
        self.sizeParameter = sizeParameter
        self.totalPath = totalPath
        self.endStatuses = endStatuses
    }

    package static let none = SourcePaging(style: .none)

    /// The dotted paths of the answer's values paging reads.
    var metaPaths: [String] {
        [nextLinkPath, cursorPath, totalPath].compactMap { $0 }
    }

    /// Why this description cannot page, or nil: each style needs its names.
    var problem: String? {
        switch style {
        case .none: nil
        case .nextLink where nextLinkPath == nil && !linkHeader:
            "next-link paging needs the path of the next link in the answer, or the Link header"
        case .offset where offsetParameter == nil: "offset paging needs the name of the offset parameter"
        case .page where pageParameter == nil: "page paging needs the name of the page parameter"
        case .cursor where cursorParameter == nil || cursorPath == nil:
            "cursor paging needs the cursor's parameter and its path in the answer"
        default: nil
        }
    }
}
