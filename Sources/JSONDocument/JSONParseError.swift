import Foundation

/// Why a text is not JSON, and where: the first byte that is wrong, as an offset and as the line and column an
/// editor shows. The reason is said for people who write JSON by hand (a comma before '}', single quotes).
package struct JSONParseError: Error, Sendable, Equatable {
    /// Bytes from the start.
    package var offset: Int
    package var reason: String
    /// 1-based line, and 1-based column in characters.
    package var line: Int
    package var column: Int
}
