import SCIM
import Testing

@Suite struct AttributePathTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    @Test(arguments: [
        ("externalId", "externalId", SCIMSchema.ValueType.string),
        ("USERNAME", "userName", .string),
        ("active", "active", .boolean),
        ("name.givenName", "name.givenName", .string),
        ("name.honorificsuffix", "name.honorificSuffix", .string),
        ("emails[type eq \"work\"].value", "emails[type eq \"work\"].value", .string),
        ("emails[type eq work].value", "emails[type eq \"work\"].value", .string),
        ("emails[TYPE EQ \"work\"].primary", "emails[type eq \"work\"].primary", .boolean),
        ("phoneNumbers[type eq \"mobile\"].value", "phoneNumbers[type eq \"mobile\"].value", .string),
        ("addresses[type eq \"work\"].postalCode", "addresses[type eq \"work\"].postalCode", .string),
        ("\(enterprise):department", "\(enterprise):department", .string),
        ("\(enterprise):manager.value", "\(enterprise):manager.value", .string),
        (
            "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate",
            "urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate", .string
        ),
        ("urn:contoso:employee:JobCode", "urn:contoso:employee:JobCode", .string),
    ])
    func parsesValidPaths(text: String, canonical: String, type: SCIMSchema.ValueType) throws {
        let path = try AttributePath.parse(text)
        #expect(path.description == canonical)
        #expect(path.valueType == type)
    }

    @Test func customNamespaceIsSplitAtTheLastColon() throws {
        let path = try AttributePath.parse("urn:ietf:params:scim:schemas:extension:contoso:1.0:User:HireDate")
        #expect(path.schema == "urn:ietf:params:scim:schemas:extension:contoso:1.0:User")
        #expect(path.attribute == "HireDate")
        #expect(path.isCustom)
    }

    @Test func multiValuedWithoutFilterSuggestsTheFilteredForm() {
        #expect(
            throws: AttributePathError.needsTypeFilter(
                path: "emails.value", suggestion: "emails[type eq \"work\"].value")
        ) {
            try AttributePath.parse("emails.value")
        }
        #expect(
            throws: AttributePathError.needsTypeFilter(path: "emails", suggestion: "emails[type eq \"work\"].value")
        ) {
            try AttributePath.parse("emails")
        }
    }

    @Test func unknownAttributeSuggestsClosestMatch() {
        #expect(throws: AttributePathError.unknown(path: "name.familyNme", suggestion: "name.familyName")) {
            try AttributePath.parse("name.familyNme")
        }
        #expect(
            throws: AttributePathError.unknown(
                path: "\(Self.enterprise):departmnt", suggestion: "\(Self.enterprise):department")
        ) {
            try AttributePath.parse("\(Self.enterprise):departmnt")
        }
    }

    @Test func typoInEnterpriseURNIsNotACustomNamespace() {
        let typo = "urn:ietf:params:scim:schemas:extension:enterprize:2.0:User:department"
        #expect(throws: AttributePathError.unknown(path: typo, suggestion: "\(Self.enterprise):department")) {
            try AttributePath.parse(typo)
        }
    }

    @Test(arguments: [
        "", "emails[type eq \"work\".value", "emails[type ne \"work\"].value", "emails[type eq \"work\"].type", "name",
        "active[type eq work].value", "urn:x:y:", "1abc",
    ])
    func rejectsMalformedPaths(text: String) {
        #expect(throws: AttributePathError.self) { try AttributePath.parse(text) }
    }
}
