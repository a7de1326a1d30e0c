import Directory
import Foundation
import Graph

/// The `GET /users` requests a lookup needs, each used only as docs/service.md ("The filters a plan uses", "Limits of
/// one request") allows: `in` with at most 15 values (`eq` for one) on employeeId, userPrincipalName, mail and
/// mailNickname, `proxyAddresses/any(p:p eq '…')` one address per request, all without the advanced query
/// parameters; a property the docs list as advanced-only, or a value longer than 120 characters, is asked with
/// `ConsistencyLevel: eventual` and `$count=true` (then the limit is a URL of 2,048 characters). Each asks `$select`
/// of exactly what the plan needs and `$top=999`, so one request costs one resource unit.
struct DirectoryQuery: Sendable {
    static let maximumValues = 15
    static let maximumPlainValueLength = 120
    static let maximumAdvancedURLLength = 2048
    static let pageSize = 999

    /// Graph's property for the matching attribute.
    let matchingProperty: String
    /// The `$select` list.
    let selection: [String]

    init(matchingAttribute: String, attributes: [String]) {
        matchingProperty = DirectoryAttributes.source(ofTarget: matchingAttribute)?.property ?? matchingAttribute
        selection = DirectoryAttributes.selection(matchingAttribute: matchingAttribute, targets: attributes)
    }

    /// One request for each group of values of `lookup`.
    func requests(for lookup: DirectoryLookup) -> [GraphBatch.Request] {
        var requests: [GraphBatch.Request] = []
        for kind in LookupKind.allCases {
            let values = lookup.values(kind)
            guard !values.isEmpty else { continue }
            if kind == .proxyAddress {
                for value in values {
                    let filter = "proxyAddresses/any(p:p eq \(Self.literal(value)))"
                    requests.append(request(filter, advanced: value.count > Self.maximumPlainValueLength))
                }
                continue
            }
            let property = self.property(kind)
            let standard = DirectoryAttributes.filtersWithoutAdvancedQuery(property)
            let plain = standard ? values.filter { $0.count <= Self.maximumPlainValueLength } : []
            let advanced = standard ? values.filter { $0.count > Self.maximumPlainValueLength } : values
            for start in stride(from: 0, to: plain.count, by: Self.maximumValues) {
                let group = Array(plain[start..<min(start + Self.maximumValues, plain.count)])
                requests.append(request(Self.filter(property, group), advanced: false))
            }
            // With the advanced query parameters the limit is the URL's length: as many values as fit, at most 15.
            var group: [String] = []
            for value in advanced {
                let wider = request(Self.filter(property, group + [value]), advanced: true)
                if !group.isEmpty,
                    group.count == Self.maximumValues || wider.url.utf8.count > Self.maximumAdvancedURLLength
                {
                    requests.append(request(Self.filter(property, group), advanced: true))
                    group = []
                }
                group.append(value)
            }
            if !group.isEmpty { requests.append(request(Self.filter(property, group), advanced: true)) }
        }
        return requests
    }

    /// Every user, page by page (a scan): `$select` and `$top=999` only.
    var allUsers: String { "/users?$select=\(Self.encode(selection.joined(separator: ",")))&$top=\(Self.pageSize)" }

    func property(_ kind: LookupKind) -> String {
        switch kind {
        case .matching: matchingProperty
        case .userPrincipalName: "userPrincipalName"
        case .mail: "mail"
        case .mailNickname: "mailNickname"
        case .proxyAddress: "proxyAddresses"
        }
    }

    private func request(_ filter: String, advanced: Bool) -> GraphBatch.Request {
        var url = "/users?$filter=\(Self.encode(filter))&$select=\(Self.encode(selection.joined(separator: ",")))"
        url += "&$top=\(Self.pageSize)"
        guard advanced else { return GraphBatch.Request(url: url, units: 1) }
        return GraphBatch.Request(url: url + "&$count=true", headers: ["ConsistencyLevel": "eventual"], units: 1)
    }

    /// `property eq 'value'` for one value, `property in ('a', 'b')` for more.
    static func filter(_ property: String, _ values: [String]) -> String {
        if values.count == 1 { return "\(property) eq \(literal(values[0]))" }
        return "\(property) in (\(values.map(literal).joined(separator: ",")))"
    }

    /// An OData string literal: quoted, a quote inside doubled.
    static func literal(_ value: String) -> String { "'" + value.replacingOccurrences(of: "'", with: "''") + "'" }

    /// Percent-encodes a query value: everything but letters, digits, `-._~` and the OData punctuation `'(),:/@`
    /// (so `#` of a guest's name, `+`, `&`, `%`, spaces and non-ASCII letters are escaped as UTF-8).
    static func encode(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed.contains(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result +=
                    "%" + String(byte >> 4, radix: 16, uppercase: true)
                    + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }

    private static let allowed: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~'(),:/@".utf8))
}
