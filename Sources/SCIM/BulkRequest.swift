import JSONDocument

/// Encodes users into the SCIM BulkRequest *shape* that `/bulkUpload` takes (docs/service.md, "bulkUpload"; it is not a
/// SCIM /Bulk endpoint): root `schemas`, at most 50 `Operations` of `method`/`bulkId`/`path`/`data`, and `failOnErrors:
/// null`.
package enum BulkRequest {
    package static let schema = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"
    /// The service takes at most 50 operations per request (docs/service.md, "bulkUpload").
    package static let maxOperations = 50

    /// One operation whose `data` is already encoded (records are encoded once and spooled).
    package struct Operation: Sendable {
        package let method: String
        package let bulkId: String
        package let data: ArraySlice<UInt8>

        package init(method: String = "POST", bulkId: String, data: [UInt8]) {
            self.init(method: method, bulkId: bulkId, data: data[...])
        }

        /// `data` may be a slice of a larger read (a batch's records read from the spool at once).
        package init(method: String = "POST", bulkId: String, data: ArraySlice<UInt8>) {
            self.method = method
            self.bulkId = bulkId
            self.data = data
        }
    }

    /// The complete request body, compact, keys in a fixed order (byte-identical for identical input).
    package static func encode(_ operations: [Operation]) -> [UInt8] {
        precondition(operations.count <= maxOperations, "a BulkRequest holds at most \(maxOperations) operations")
        var writer = JSONWriter(capacity: operations.reduce(128) { $0 + $1.data.count + 96 })
        writer.writeRaw("{\"schemas\":[\"\(schema)\"],\"Operations\":[")
        for (index, operation) in operations.enumerated() {
            if index > 0 { writer.writeRaw(",") }
            writer.writeRaw("{\"method\":")
            writer.writeString(operation.method)
            writer.writeRaw(",\"bulkId\":")
            writer.writeString(operation.bulkId)
            writer.writeRaw(",\"path\":\"/Users\",\"data\":")
            writer.writeRaw(bytes: operation.data)
            writer.writeRaw("}")
        }
        writer.writeRaw("],\"failOnErrors\":null}")
        return writer.bytes
    }
}
