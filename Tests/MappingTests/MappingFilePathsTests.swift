import Foundation
import Mapping
import SCIM
import Testing

/// The paths a mapping file sends, read without an export (what `schema diff --mapping` compares).
@Suite struct MappingFilePathsTests {
    func write(_ json: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("paths-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: url)
        return url.path
    }

    @Test func readsEveryKeyWithTheCustomTypeTheFileGives() throws {
        let path = try write(
            #"""
            {"attributes": {"externalId": "Id", "active": {"column": "S", "lookup": {"A": true}},
              "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate": {"column": "H", "type": "dateTime"},
              "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Code": "C"}}
            """#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let paths = try MappingFile.attributePaths(path: path)
        let types = Dictionary(uniqueKeysWithValues: paths.map { ($0.description, $0.valueType) })
        #expect(
            types == [
                "externalId": .string, "active": .boolean,
                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate": .dateTime,
                "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:Code": .string,
            ])
    }

    @Test func aKeyThatIsNotAPathIsNamed() throws {
        let path = try write(#"{"attributes": {"externalId": "Id", "Department": "D"}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try MappingFile.attributePaths(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.localizedDescription.contains("\"Department\""), "\(error.localizedDescription)")
        }
        #expect(throws: MappingError.self) { try MappingFile.attributePaths(path: path + ".missing") }
    }
}
