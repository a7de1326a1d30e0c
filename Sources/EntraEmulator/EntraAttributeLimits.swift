import Foundation

/// The documented limits of the Microsoft Entra ID user attributes a mapping writes; a value beyond them fails the
/// record in the logs, as Entra refuses the write.
///
/// Lengths are counted in UTF-16 code units, as Entra counts characters. Sources: the Microsoft Graph `user`
/// resource ("Maximum length is N characters") for every length below except `mail`, which is the directory schema's
/// limit (`mail`: rangeUpper 256); the `userPrincipalName` rules are the `user` resource's allowed characters and
/// Microsoft 365's directory synchronization rules (113 characters, 64 before the `@`, 48 after it).
enum EntraAttributeLimits {
    /// Target attribute (lower-cased) → maximum length.
    static let maximumLengths: [String: Int] = [
        "givenname": 64, "surname": 64, "displayname": 256, "jobtitle": 128, "department": 64, "employeeid": 16,
        "companyname": 64, "city": 128, "country": 128, "state": 128, "postalcode": 40, "streetaddress": 1024,
        "mobile": 64, "mobilephone": 64, "mailnickname": 64, "mail": 256, "usagelocation": 2,
    ]

    static let userPrincipalNameMaximum = 113
    static let userPrincipalNamePrefixMaximum = 64
    static let userPrincipalNameDomainMaximum = 48
    /// Characters allowed before the `@`: A–Z, a–z, 0–9 and ' . - _ ! # ^ ~.
    static let prefixCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~")
    static let domainCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-")

    /// Why `value` cannot be written to `target`, or nil when it can.
    static func violation(target: String, value: String) -> String? {
        if target.caseInsensitiveCompare("userPrincipalName") == .orderedSame {
            return userPrincipalNameViolation(value)
        }
        if let maximum = maximumLengths[target.lowercased()], value.utf16.count > maximum {
            return "the value has \(value.utf16.count) characters; the maximum for \(target) is \(maximum)"
        }
        if target.caseInsensitiveCompare("mail") == .orderedSame, !value.allSatisfy(\.isASCII) {
            return "mail can't contain accented or other non-ASCII characters"
        }
        return nil
    }

    /// What is wrong with a userPrincipalName, or nil when Entra accepts its form (its domain is another matter).
    static func userPrincipalNameViolation(_ upn: String) -> String? {
        let parts = upn.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            return "it must be one name, an @ and a domain, e.g. ana.garcia@contoso.com"
        }
        let (prefix, domain) = (parts[0], parts[1])
        if upn.utf16.count > userPrincipalNameMaximum {
            return "it has \(upn.utf16.count) characters; the maximum is \(userPrincipalNameMaximum)"
        }
        if prefix.utf16.count > userPrincipalNamePrefixMaximum {
            let maximum = userPrincipalNamePrefixMaximum
            return "the part before the @ has \(prefix.utf16.count) characters; the maximum is \(maximum)"
        }
        if domain.utf16.count > userPrincipalNameDomainMaximum {
            return "the domain has \(domain.utf16.count) characters; the maximum is \(userPrincipalNameDomainMaximum)"
        }
        if let bad = prefix.first(where: { !prefixCharacters.contains($0) }) {
            return "the part before the @ contains '\(bad)'; only A-Z, a-z, 0-9 and ' . - _ ! # ^ ~ are allowed"
        }
        if prefix.hasSuffix(".") { return "the part before the @ can't end with a period" }
        if let bad = domain.first(where: { !domainCharacters.contains($0) }) {
            return "the domain contains '\(bad)'"
        }
        return nil
    }
}
