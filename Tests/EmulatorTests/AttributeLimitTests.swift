import Foundation
import Testing

@testable import EntraEmulator

/// Values beyond what Microsoft Entra ID accepts for the attribute they are mapped to fail the record in the logs.
@Suite struct AttributeLimitTests {
    static let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

    /// A valid user with one more JSON member (`key: value`, `value` already JSON), or with `externalId` replaced.
    static func user(_ externalID: String, _ extra: String = "") -> String {
        let fields = [
            #""schemas":["urn:ietf:params:scim:schemas:core:2.0:User","\#(enterprise)"]"#,
            #""externalId":"\#(externalID)""#, #""userName":"u\#(externalID.prefix(8))@contoso.com""#,
            #""displayName":"User""#, #""active":true"#,
        ]
        return "{" + (fields + (extra.isEmpty ? [] : [extra])).joined(separator: ",") + "}"
    }

    static func text(_ length: Int) -> String { String(repeating: "x", count: length) }

    /// (target attribute, its limit, the member carrying a value of a given length).
    static let limits: [(target: String, maximum: Int, member: @Sendable (String) -> String)] = [
        ("givenName", 64, { #""name":{"givenName":"\#($0)"}"# }),
        ("surname", 64, { #""name":{"familyName":"\#($0)"}"# }),
        ("displayName", 256, { #""displayName":"\#($0)""# }),
        ("jobTitle", 128, { #""title":"\#($0)""# }),
        ("department", 64, { #""\#(enterprise)":{"department":"\#($0)"}"# }),
        ("companyName", 64, { #""\#(enterprise)":{"organization":"\#($0)"}"# }),
        ("city", 128, { #""addresses":[{"type":"work","locality":"\#($0)"}]"# }),
        ("state", 128, { #""addresses":[{"type":"work","region":"\#($0)"}]"# }),
        ("country", 128, { #""addresses":[{"type":"work","country":"\#($0)"}]"# }),
        ("postalCode", 40, { #""addresses":[{"type":"work","postalCode":"\#($0)"}]"# }),
        ("streetAddress", 1024, { #""addresses":[{"type":"work","streetAddress":"\#($0)"}]"# }),
        ("mail", 256, { #""emails":[{"type":"work","value":"\#($0.dropLast(12))@contoso.com"}]"# }),
    ]

    @Test(arguments: limits)
    func aValueLongerThanTheTargetAllowsFailsTheRecord(
        target: String, maximum: Int, member: @Sendable (String) -> String
    ) throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Self.user("fits", member(Self.text(maximum)))),
                Harness.operation(Self.user("long", member(Self.text(maximum + 1)))),
            ]))
        #expect(
            RecordOutcomeTests.status(try RecordOutcomeTests.row(harness, "fits")) == "success",
            "\(target) at \(maximum)")
        let row = try RecordOutcomeTests.row(harness, "long")
        #expect(RecordOutcomeTests.status(row) == "failure", "\(target) at \(maximum + 1)")
        let error = try #require(RecordOutcomeTests.error(row))
        #expect(error["errorCode"] == "AzureActiveDirectoryInvalidPropertyValue")
        #expect(
            error["reason"]
                == .string(
                    "Invalid value specified for property '\(target)' of resource 'User': "
                        + "the value has \(maximum + 1) characters; "
                        + "the maximum for \(target) is \(maximum)."))
        #expect(error["additionalDetails"]?.stringValue?.hasPrefix("property=\(target) (mapped from [") == true)
        #expect(error["errorCategory"] == "nonServiceFailure")
        #expect(RecordOutcomeTests.step(row, "export")?["status"] == "failure")
        #expect(row["provisioningAction"] == "create")
        #expect(row["targetIdentity"]?["id"] == "")
    }

    @Test func employeeIdTakesAtMostSixteenCharacters() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Self.user(Self.text(16))), Harness.operation(Self.user("y" + Self.text(16))),
            ]))
        #expect(RecordOutcomeTests.status(try RecordOutcomeTests.row(harness, Self.text(16))) == "success")
        let error = RecordOutcomeTests.error(try RecordOutcomeTests.row(harness, "y" + Self.text(16)))
        #expect(error?["reason"]?.stringValue?.hasPrefix("Invalid value specified for property 'employeeId'") == true)
        #expect(error?["reason"]?.stringValue?.hasSuffix("the maximum for employeeId is 16.") == true)
    }

    static let userPrincipalNames: [(upn: String, problem: String?)] = [
        (text(64) + "@contoso.com", nil),
        (text(64) + "@" + text(44) + ".com", nil),  // 113: the longest there is
        ("o'brien.j-k_l!m#n^o~p@contoso.com", nil),
        (text(65) + "@contoso.com", "the part before the @ has 65 characters; the maximum is 64"),
        (text(64) + "@" + text(45) + ".com", "it has 114 characters; the maximum is 113"),
        ("ana@" + text(45) + ".com", "the domain has 49 characters; the maximum is 48"),
        (
            "ana garcia@contoso.com",
            "the part before the @ contains ' '; only A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ are allowed"
        ),
        ("josé@contoso.com", "the part before the @ contains 'é'; only A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ are allowed"),
        (
            "ana+hr@contoso.com",
            "the part before the @ contains '+'; only A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ are allowed"
        ),
        ("ana.@contoso.com", "the part before the @ can't end with a period"),
        ("ana@@contoso.com", "it must be one name, an @ and a domain, e.g. ana.garcia@contoso.com"),
        ("ana.garcia", "it must be one name, an @ and a domain, e.g. ana.garcia@contoso.com"),
        ("ana@contoso_hr.com", "the domain contains '_'"),
    ]

    @Test(arguments: userPrincipalNames)
    func userPrincipalNameRules(upn: String, problem: String?) throws {
        let harness = try Harness()
        _ = try harness.upload(Harness.bulk([Harness.operation(Harness.user("1", userName: upn))]))
        let row = try RecordOutcomeTests.row(harness, "1")
        guard let problem else {
            #expect(
                RecordOutcomeTests.status(row) == "success",
                "\(upn): \(RecordOutcomeTests.error(row)?["reason"]?.stringValue ?? "")")
            return
        }
        #expect(RecordOutcomeTests.status(row) == "failure")
        let error = try #require(RecordOutcomeTests.error(row))
        #expect(error["errorCode"] == "AzureActiveDirectoryInvalidUserPrincipalName")
        #expect(error["reason"] == .string("The userPrincipalName '\(upn)' is invalid: \(problem)."))
        #expect(error["additionalDetails"] == .string("userPrincipalName=\(upn) (mapped from [userName])"))
    }

    @Test func mailCannotCarryAccents() throws {
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([Harness.operation(Self.user("1", #""emails":[{"type":"work","value":"josé@contoso.com"}]"#))])
        )
        let error = RecordOutcomeTests.error(try RecordOutcomeTests.row(harness, "1"))
        #expect(error?["errorCode"] == "AzureActiveDirectoryInvalidPropertyValue")
        #expect(
            error?["reason"]?.stringValue?.hasSuffix("mail can't contain accented or other non-ASCII characters.")
                == true)
    }

    @Test func aLimitAppliesToWhereAValueFlowsNotToWhereItCameFrom() throws {
        // employeeNumber flows nowhere by default, so its length does not matter; non-work entries are not processed.
        let harness = try Harness()
        _ = try harness.upload(
            Harness.bulk([
                Harness.operation(Self.user("1", #""\#(Self.enterprise)":{"employeeNumber":"\#(Self.text(300))"}"#)),
                Harness.operation(Self.user("2", #""addresses":[{"type":"home","locality":"\#(Self.text(300))"}]"#)),
            ]))
        #expect(RecordOutcomeTests.status(try RecordOutcomeTests.row(harness, "1")) == "success")
        let home = try RecordOutcomeTests.row(harness, "2")
        #expect(RecordOutcomeTests.status(home) == "success")
        #expect(
            RecordOutcomeTests.step(home, "import")?["details"]?["ignoredAttributes"]
                == #"addresses[type eq "home"].locality"#)
    }

    @Test func theLimitTableMatchesItsSources() {
        #expect(EntraAttributeLimits.violation(target: "jobTitle", value: Self.text(128)) == nil)
        #expect(EntraAttributeLimits.violation(target: "JOBTITLE", value: Self.text(129)) != nil)
        // Characters, not bytes: 64 two-byte letters fit givenName.
        #expect(EntraAttributeLimits.violation(target: "givenName", value: String(repeating: "é", count: 64)) == nil)
        #expect(EntraAttributeLimits.violation(target: "employeeType", value: Self.text(1000)) == nil)
    }
}
