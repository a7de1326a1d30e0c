import Foundation
import JSONDocument
import Mapping
import Testing

/// Constants of a mapping file, read from its JSON as they were written.
@Suite struct MappingConstantTests {
    let header = ["WorkerID", "Email", "Active"]

    func load(_ attributes: String) throws -> ColumnMapping {
        let json =
            #"{"attributes": {"externalId": "WorkerID", "userName": "Email", "active": "Active", \#(attributes)}}"#
        return try MappingFile.parse(Data(json.utf8), path: "m.json", header: header)
    }

    /// An integral number past 64 bits for an integer attribute trapped while the mapping loaded.
    @Test func anIntegerConstantPast64BitsIsAnErrorNotATrap() throws {
        #expect(throws: MappingError.self) {
            try load(#""urn:acme:1.0:User:Level": {"constant": 1e20, "type": "integer"}"#)
        }
    }

    /// Numbers are one spelling whatever the file wrote: `1.0` and `1e2` are integers, `0.50` is `0.5`.
    @Test(arguments: [("1.0", "1"), ("1e2", "100"), ("0.50", "0.5")])
    func numbersAreSentInOneSpelling(written: String, sent: String) throws {
        let mapping = try load(#""urn:acme:1.0:User:Level": {"constant": \#(written), "type": "string"}"#)
        let rule = try #require(mapping.rules.first { $0.path.description == "urn:acme:1.0:User:Level" })
        guard case .constant(let value) = rule.source else {
            Issue.record("not a constant")
            return
        }
        #expect(value == .string(sent))
    }
}
