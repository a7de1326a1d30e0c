import JSONDocument
import SCIM
import Testing

@Suite struct SCIMUserTests {
    func path(_ text: String) throws -> AttributePath { try AttributePath.parse(text) }

    @Test func keysComeOutInSchemaOrderWhateverTheInsertionOrder() throws {
        var a = SCIMUser()
        var b = SCIMUser()
        let values: [(String, JSON)] = [
            ("userName", .string("u@x.com")), ("externalId", .string("1")), ("name.givenName", .string("G")),
            ("name.familyName", .string("F")), ("emails[type eq \"work\"].value", .string("u@x.com")),
            ("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", .string("D")),
            ("urn:acme:1.0:User:Code", .string("C")), ("active", .bool(true)),
        ]
        for (key, value) in values { a.set(try path(key), value) }
        for (key, value) in values.reversed() { b.set(try path(key), value) }
        let encodedA = JSONWriter.encode(.object(a.dataObject()))
        #expect(encodedA == JSONWriter.encode(.object(b.dataObject())))
        #expect(
            String(decoding: encodedA, as: UTF8.self)
                == #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","urn:ietf:params:scim:schemas:extension:enterprise:2.0:User","urn:acme:1.0:User"],"externalId":"1","userName":"u@x.com","name":{"familyName":"F","givenName":"G"},"active":true,"emails":[{"value":"u@x.com","type":"work"}],"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User":{"department":"D"},"urn:acme:1.0:User":{"Code":"C"}}"#
        )
    }

    @Test func columnsSharingAnAttributeAndTypeBuildOneEntry() throws {
        var user = SCIMUser()
        user.set(try path("emails[type eq \"work\"].value"), .string("w@x.com"))
        user.set(try path("emails[type eq \"work\"].primary"), .bool(true))
        user.set(try path("emails[type eq \"home\"].value"), .string("h@x.com"))
        guard case .array(let emails)? = user.dataObject()["emails"] else {
            Issue.record("no emails")
            return
        }
        #expect(emails.count == 2)
        #expect(
            emails[0]
                == .object(["value": .string("w@x.com"), "type": .string("work"), "primary": .bool(true)]))
        #expect(emails[1] == .object(["value": .string("h@x.com"), "type": .string("home")]))
    }

    @Test func anEntryWithOnlyTypeAndPrimaryIsOmitted() throws {
        var user = SCIMUser()
        user.set(try path("emails[type eq \"work\"].primary"), .bool(true))
        #expect(user.dataObject()["emails"] == nil)
    }

    @Test func schemasAlwaysListCoreAndEnterprise() {
        let data = SCIMUser().dataObject()
        #expect(data["schemas"] == .array([.string(SCIMSchema.coreUser), .string(SCIMSchema.enterpriseUser)]))
    }
}

@Suite struct BulkRequestTests {
    @Test func bulkRequestHasTheContractShape() throws {
        let body = BulkRequest.encode([BulkRequest.Operation(bulkId: "7", data: Array(#"{"externalId":"7"}"#.utf8))])
        #expect(
            String(decoding: body, as: UTF8.self)
                == #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[{"method":"POST","bulkId":"7","path":"/Users","data":{"externalId":"7"}}],"failOnErrors":null}"#
        )
    }
}
