import Basics

/// Finds a column of the header by its exact name, for every way a mapping names one (`"Column"`, `{"column": …}`,
/// `{Column}` in a template, `[Column]` in an expression). A miss names the closest header; when only the case
/// differs it says so, because Microsoft's PowerShell samples match names case-insensitively and translated mappings
/// hit this.
package struct ColumnResolver: Sendable {
    let header: [String]
    private let indices: [String: Int]

    package init(header: [String]) {
        self.header = header
        indices = Dictionary(
            header.enumerated().map { ($0.element, $0.offset) }, uniquingKeysWith: { first, _ in first })
    }

    /// The column's index, or the message for a name that is not in the header (`quoted` is how the name is shown).
    package struct Miss: Error, Sendable {
        package let message: String
        /// The closest header name, if any.
        package let suggestion: String?
    }

    package func index(of name: String, quoted: String) -> Result<Int, Miss> {
        if let index = indices[name] { return .success(index) }
        var message = "column \(quoted) is not in the file's header"
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
