import Basics

/// Finds a column of the header by its exact name, for every way a mapping names one (`"Column"`, `{"column": …}`,
/// `{Column}` in a template, `[Column]` in an expression). A miss names the closest header; when only the case
/// differs it says so, because Microsoft's PowerShell samples match names case-insensitively and translated mappings
/// hit this.
///
/// JSON records have no header before they are read: there a mapping is bound with an open resolver, which takes
/// every name and numbers the columns in the order the mapping names them (`OpenColumns`); the export then checks,
/// once every record is read, that each was found in some record.
package struct ColumnResolver: Sendable {
    /// What the names are looked up in, for the message of a miss.
    package enum Names: Sendable {
        /// A CSV header.
        case header
        /// The dotted paths of a JSON file's records (every path any record has).
        case recordPaths
    }

    let header: [String]
    private let indices: [String: Int]
    private let names: Names
    private let open: OpenColumns?

    package init(header: [String], names: Names = .header) {
        self.header = header
        self.names = names
        open = nil
        indices = Dictionary(
            header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// Takes every name: `open` numbers them.
    package init(open: OpenColumns) {
        header = []
        names = .recordPaths
        indices = [:]
        self.open = open
    }

    /// The column's index, or the message for a name that is not in the header (`quoted` is how the name is shown).
    package struct Miss: Error, Sendable {
        package let message: String
        /// The closest header name, if any.
        package let suggestion: String?
    }

    package func index(of name: String, quoted: String) -> Result<Int, Miss> {
        if let open { return .success(open.index(of: name)) }
        if let index = indices[name] { return .success(index) }
        var message =
            names == .header
            ? "column \(quoted) is not in the file's header"
            : "column \(quoted) is in no record of the file (a column of JSON records is a dotted path: job.title, "
                + "phones.0.number)"
        let lowered = name.lowercased()
        let sameLetters = header.first { $0.lowercased() == lowered }
        let closest = sameLetters ?? ClosestMatch.find(name, in: header)
        if let sameLetters {
            message += "; did you mean `\(sameLetters)`? (column names are matched exactly, and only the case differs)"
        } else if let closest {
            message += "; did you mean `\(closest)`?"
        }
        return .failure(Miss(message: message, suggestion: closest))
    }
}

/// The columns a mapping names, numbered as it names them: the header of JSON records, which have none of their own.
/// One mapping load at a time (not shared between threads).
package final class OpenColumns: @unchecked Sendable {
    // @unchecked: filled while one mapping is loaded, on one thread, then only read.
    package private(set) var names: [String] = []
    private var indices: [String: Int] = [:]

    package init() {}

    func index(of name: String) -> Int {
        if let index = indices[name] { return index }
        indices[name] = names.count
        names.append(name)
        return names.count - 1
    }
}
