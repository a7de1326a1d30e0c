import CSV
import Foundation
import SCIM
import Testing

@testable import Mapping

/// The checks of what Entra ID accepts: the length of each attribute a value flows to, and the form of a user
/// principal name.
@Suite struct EntraLimitsTests {
    static let limits: [(target: String, maximum: Int)] = [
        ("givenName", 64), ("surname", 64), ("displayName", 256), ("jobTitle", 128), ("department", 64),
        ("employeeId", 16), ("companyName", 64), ("city", 128), ("state", 128), ("country", 128), ("postalCode", 40),
        ("streetAddress", 1024), ("mail", 256), ("mailNickname", 64), ("mobilePhone", 64), ("usageLocation", 2),
    ]

    @Test(arguments: limits)
    func eachLimitAllowsItsLengthAndRefusesOneMore(target: String, maximum: Int) {
        #expect(EntraLimits.violation(of: String(repeating: "a", count: maximum), target: target) == nil)
        let reason = EntraLimits.violation(of: String(repeating: "a", count: maximum + 1), target: target)
        #expect(reason == "\(target) takes at most \(maximum) characters in Entra ID; this value has \(maximum + 1)")
    }

    @Test func lengthsCountUTF16CodeUnits() {
        // An emoji is one Character but two UTF-16 code units, as Entra counts it.
        #expect(EntraLimits.violation(of: String(repeating: "😀", count: 32), target: "givenName") == nil)
        let over = EntraLimits.violation(of: String(repeating: "😀", count: 33), target: "givenName")
        #expect(over?.contains("this value has 66") == true)
        #expect(EntraLimits.violation(of: String(repeating: "é", count: 64), target: "surname") == nil)
    }

    @Test func attributesWithoutAKnownLimitPass() {
        #expect(EntraLimits.violation(of: String(repeating: "a", count: 5000), target: "preferredLanguage") == nil)
        #expect(EntraLimits.violation(of: String(repeating: "a", count: 5000), target: "GIVENNAME") != nil)
    }

    @Test func mailRefusesNonASCIIButTakesPlainAddresses() throws {
        #expect(EntraLimits.violation(of: "ana.garcia@contoso.com", target: "mail") == nil)
        let reason = try #require(EntraLimits.violation(of: "josé@contoso.com", target: "mail"))
        #expect(reason.contains("has 'é'") && reason.contains("non-ASCII"), "\(reason)")
    }

    @Test(arguments: [
        "ana.garcia@contoso.com", "o'brien@contoso.com", "a!b#c^d~e_f-g@contoso.com", "A1@x.io",
        String(repeating: "a", count: 64) + "@" + String(repeating: "b", count: 48),
    ])
    func wellFormedUserPrincipalNamesPass(upn: String) {
        #expect(EntraLimits.userPrincipalNameViolation(upn) == nil)
        #expect(EntraLimits.isPlainUserPrincipalName(upn), "the one-pass scan agrees")
        #expect(EntraLimits.violation(of: upn, target: "userPrincipalName") == nil)
    }

    @Test(arguments: [
        ("EMP1222", "has no @"),
        ("a@b@contoso.com", "has 2 @"),
        ("@contoso.com", "nothing before the @"),
        ("ana@", "no domain after the @"),
        ("ana.@contoso.com", "ends the part before the @ with a period"),
        ("josé@contoso.com", "has 'é' before the @"),
        ("ana garcia@contoso.com", "has ' ' before the @"),
        ("ana+hr@contoso.com", "has '+' before the @"),
        (String(repeating: "a", count: 65) + "@contoso.com", "at most 64 characters before the @"),
        ("a@" + String(repeating: "b", count: 112), "at most 113 characters in Entra ID; this value has 114"),
        ("ana@" + String(repeating: "b", count: 49), "at most 48 characters after the @"),
        ("ana@contoso_hr.com", "has '_' in its domain"),
    ])
    func malformedUserPrincipalNamesAreRefused(upn: String, fragment: String) throws {
        let reason = try #require(EntraLimits.violation(of: upn, target: "userPrincipalName"))
        #expect(reason.contains(fragment), "\(reason)")
        #expect(!EntraLimits.isPlainUserPrincipalName(upn), "the one-pass scan agrees")
    }

    @Test func aLongUPNNamesTheTotalLimit() throws {
        let upn = String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 53)
        #expect(upn.utf16.count == 114)
        let reason = try #require(EntraLimits.userPrincipalNameViolation(upn))
        #expect(reason.contains("at most 113 characters in Entra ID; this value has 114"), "\(reason)")
    }
}
