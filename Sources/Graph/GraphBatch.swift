import Foundation
import JSONDocument
import Transport

/// JSON batching (docs/service.md, "JSON batching"): up to 20 requests with relative URLs in one
/// `POST /{version}/$batch`, answered with a 200 that holds each request's own status, headers and body, in any order
/// (matched on `id`).
package enum GraphBatch {
    package static let maximumRequests = 20

    /// One request inside a batch.
    package struct Request: Sendable, Equatable {
        package var method: String
        /// Relative to the version, e.g. `/users?$filter=…`.
        package var url: String
        package var headers: [String: String]
        /// What the request costs against the service's limit (Graph's resource units for directory reads).
        package var units: Int

        package init(method: String = "GET", url: String, headers: [String: String] = [:], units: Int = 1) {
            self.method = method
            self.url = url
            self.headers = headers
            self.units = max(1, units)
        }
    }

    /// One request's answer.
    package struct Response: Sendable {
        package var status: Int
        /// Lower-cased names.
        package var headers: [String: String]
        package var body: JSON?

        package init(status: Int, headers: [String: String] = [:], body: JSON? = nil) {
            self.status = status
            self.headers = Dictionary(
                headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
            self.body = body
        }

        package func header(_ name: String) -> String? { headers[name.lowercased()] }

        /// Graph's error in the body, cleaned as every Graph error is (`GraphError(response:)`).
        package var error: GraphError {
            GraphError(response: HTTPResponse(status: status, headers: headers, body: body?.serialized ?? Data()))
        }
    }

    /// `{"requests": [...]}` with ids `1`, `2`, … in the order given.
    static func body(_ requests: [Request]) -> Data {
        let items = requests.enumerated().map { index, request -> JSON in
            var members = [
                JSONMember("id", .string(String(index + 1))), JSONMember("method", .string(request.method)),
                JSONMember("url", .string(request.url)),
            ]
            if !request.headers.isEmpty {
                let headers = request.headers.sorted { $0.key < $1.key }.map { JSONMember($0.key, .string($0.value)) }
                members.append(JSONMember("headers", .object(headers)))
            }
            return .object(members)
        }
        return JSON.object(["requests": .array(items)]).serialized
    }

    /// The answers of a batch of `count` requests sent by `body`, in the order of the requests; nil when the body is
    /// not a batch answer holding exactly one response for each id.
    static func responses(in data: Data, count: Int) -> [Response]? {
        guard let document = try? JSON.parse(data), let items = document["responses"]?.arrayValue else { return nil }
        var found = [Response?](repeating: nil, count: count)
        for item in items {
            guard let id = item["id"]?.stringValue, let index = Int(id), (1...count).contains(index),
                found[index - 1] == nil, case .number(let text)? = item["status"], let status = Int(text)
            else { return nil }
            var headers: [String: String] = [:]
            for member in item["headers"]?.members ?? [] {
                if let value = member.value.stringValue { headers[member.key] = value }
            }
            found[index - 1] = Response(status: status, headers: headers, body: item["body"])
        }
        let responses = found.compactMap { $0 }
        return responses.count == count ? responses : nil
    }
}
