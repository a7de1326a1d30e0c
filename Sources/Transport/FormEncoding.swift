import Foundation

/// `application/x-www-form-urlencoded` escaping done byte by byte, for every form body the client sends (token
/// requests to Entra and to HR sources) and every path segment it builds.
///
/// `CharacterSet.alphanumerics` contains non-ASCII letters and `urlQueryAllowed` lets `+`, `&` and `=` through, either
/// of which would corrupt a client secret (Entra secrets routinely contain `~`, `.`, `_`, `-` and sometimes `+`). Only
/// the RFC 3986 unreserved set is left as is; everything else, including space, becomes `%XX` of its UTF-8 bytes.
package enum FormEncoding {
    package static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    /// `name=value&...` in the given order.
    package static func body(_ fields: [(String, String)]) -> Data {
        Data(fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&").utf8)
    }

    /// `endpoint` with `items` appended to whatever query it already has.
    package static func url(_ endpoint: URL, appending items: [(String, String)]) -> URL? {
        guard var components = URLComponents(url: endpoint, resolvingAgainstBaseURL: false) else { return nil }
        let added = items.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
        if let existing = components.percentEncodedQuery, !existing.isEmpty {
            components.percentEncodedQuery = existing + "&" + added
        } else {
            components.percentEncodedQuery = added
        }
        return components.url
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
