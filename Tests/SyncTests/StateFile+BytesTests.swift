import Foundation
import Sync
import TestSupport
import Testing

extension StateFileTests {
    /// An entry a run leaves alone is written back byte for byte (it was re-serialized, keys in any order and `/`
    /// escaped, so the file changed on every run although nobody did).
    @Test func anEntryNobodyChangedKeepsItsBytes() throws {
        let workspace = try Workspace()
        let line =
            #"{"id":"E1","digest":"00000000000000000000000000000001","disabled":false,"data":{"schemas":["#
            + #""urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"e1@contoso.com","displayName":"A/B","#
            + #""active":true,"name":{"givenName":"A","familyName":"B"}}}"#
        let text = #"{"kind":"provision-state","version":1}"# + "\n" + line + "\n"
        let path = try workspace.write(text, to: "state.jsonl").path
        let state = try StateFile.load(path: path)
        try state.save()
        #expect(try String(contentsOfFile: path, encoding: .utf8) == text)
    }
}
