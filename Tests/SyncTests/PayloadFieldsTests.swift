import Foundation
import Testing

@testable import Sync

/// The scan that reads `active`, `userName` and `displayName` from stored payloads without decoding them.
@Suite struct PayloadFieldsTests {
    func fields(_ text: String) -> PayloadFields { PayloadFields(Array(text.utf8)) }

    @Test func readsTheTopLevelMembersWhateverComesBeforeThem() {
        let payload = #"""
            { "schemas" : ["a", "b"], "name": {"givenName": "Ann", "userName": "not this"},
              "emails": [{"type": "work", "value": "x\"}]"}], "x": [[1, {"y": "}"}], null], "n": -1.5e3,
              "active" : false , "displayName": "Ann \"The\" Lee \u00e9", "userName":"ann@x.com" }
            """#
        #expect(
            fields(payload) == PayloadFields(active: false, userName: "ann@x.com", displayName: "Ann \"The\" Lee é"))
    }

    @Test func compactJSONAsStoredAndEscapedSlashesAsJSONSerializationWritesThem() {
        #expect(
            fields(#"{"active":true,"userName":"a\/b@x.com"}"#) == PayloadFields(active: true, userName: "a/b@x.com"))
    }

    @Test(arguments: ["", "[]", "{", #"{"active":"#, #"{"active":null,"userName":7}"#, #"{"userName":"unterminated}"#])
    func whatIsNotThereIsNil(text: String) {
        #expect(fields(text) == PayloadFields())
    }
}
