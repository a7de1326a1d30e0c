/// What Entra ID accepts in the user attributes records flow to. The service does not check these when it takes a
/// request: the record fails later, in the provisioning logs, so the client checks them first.
///
/// Lengths count UTF-16 code units, as Entra counts characters. Source: the Microsoft Graph `user` resource
/// (docs/service.md, "How the service treats records").
package enum EntraLimits {
    /// Longest value per Entra attribute, keyed lower-cased.
    package static let maximumLength: [String: Int] = [
        "givenname": 64, "surname": 64, "displayname": 256, "jobtitle": 128, "department": 64, "employeeid": 16,
        "companyname": 64, "city": 128, "state": 128, "country": 128, "postalcode": 40, "streetaddress": 1024,
        "mail": 256, "mailnickname": 64, "mobilephone": 64, "usagelocation": 2,
    ]

    package static let userPrincipalNameMaximumLength = 113
    /// Longest part before the `@`.
    package static let userPrincipalNameLocalMaximumLength = 64
    /// Longest domain after the `@` (directory synchronization's rule, which Entra applies to every UPN).
    package static let userPrincipalNameDomainMaximumLength = 48
    /// The only characters allowed in the domain.
    static let domainCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-".utf8)
    /// The only characters allowed before the `@` (ASCII, so one byte each).
    static let localPartCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~".utf8)

    /// What is checked of the values written to one Entra attribute, decided once per mapping rule (the checks run
    /// for every value of every row).
    package enum Check: Sendable, Equatable {
        case length(maximum: Int, asciiOnly: Bool)
        case userPrincipalName
    }

    /// The check for values written to `target`; nil when nothing is known of it.
    package static func check(for target: String) -> Check? {
        let key = target.lowercased()
        if key == "userprincipalname" { return .userPrincipalName }
        return maximumLength[key].map { .length(maximum: $0, asciiOnly: key == "mail") }
    }

    /// Whether values written to `target` are checked at all (a length, or the UPN or mail rules).
    package static func checks(_ target: String) -> Bool { check(for: target) != nil }

    /// Why `value` cannot be written to the Entra attribute `target`; nil when it can (or nothing is known).
    package static func violation(of value: String, target: String) -> String? {
        check(for: target).flatMap { violation(of: value, check: $0, target: target) }
    }

    /// Why `value` fails `check` for `target`; nil when it passes. The common case, a value that passes, costs a
    /// scan of its UTF-8 bytes at most; messages are made only for a value that fails.
    package static func violation(of value: String, check: Check, target: String) -> String? {
        switch check {
        case .userPrincipalName:
            return isPlainUserPrincipalName(value) ? nil : userPrincipalNameViolation(value)
        case .length(let maximum, let asciiOnly):
            // UTF-8 is never shorter than UTF-16, so a value within the limit in bytes is within it in characters.
            if value.utf8.count > maximum, case let length = value.utf16.count, length > maximum {
                return "\(target) takes at most \(maximum) characters in Entra ID; this value has \(length)"
            }
            if asciiOnly, let bad = value.unicodeScalars.first(where: { !$0.isASCII }) {
                return "\(target) \"\(value)\" has '\(bad)'; Entra ID refuses accented and other non-ASCII characters "
                    + "in mail"
            }
            return nil
        }
    }

    /// The two character sets as byte tables, for the scan of every UPN.
    private static let localPartTable = table(localPartCharacters)
    private static let domainTable = table(domainCharacters)
    private static func table(_ set: Set<UInt8>) -> [Bool] { (0...255).map { set.contains(UInt8($0)) } }

    /// One pass over the bytes: true when `upn` passes every rule of `userPrincipalNameViolation`.
    static func isPlainUserPrincipalName(_ upn: String) -> Bool {
        let (localTable, domainTable) = (localPartTable, domainTable)
        var local = 0
        var domain = 0
        var ats = 0
        var last: UInt8 = 0
        var lastLocal: UInt8 = 0
        for byte in upn.utf8 {
            if byte == UInt8(ascii: "@") {
                ats += 1
                lastLocal = last
            } else if ats == 0 {
                guard localTable[Int(byte)] else { return false }
                local += 1
            } else {
                guard domainTable[Int(byte)] else { return false }
                domain += 1
            }
            last = byte
        }
        return ats == 1 && local > 0 && domain > 0 && lastLocal != UInt8(ascii: ".")
            && local <= userPrincipalNameLocalMaximumLength && domain <= userPrincipalNameDomainMaximumLength
            && local + domain + 1 <= userPrincipalNameMaximumLength
    }

    /// Why `upn` is not a user principal name Entra accepts; nil when its form is fine (whether the domain is one
    /// of the tenant's is for the service to say).
    package static func userPrincipalNameViolation(_ upn: String) -> String? {
        let parts = upn.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            let ats = parts.count - 1
            return "userPrincipalName \"\(upn)\" has \(ats == 0 ? "no" : String(ats)) @; it needs exactly one, "
                + "between a name and a domain"
        }
        let (local, domain) = (parts[0], parts[1])
        guard !local.isEmpty else { return "userPrincipalName \"\(upn)\" has nothing before the @" }
        guard !domain.isEmpty else { return "userPrincipalName \"\(upn)\" has no domain after the @" }
        let length = upn.utf16.count
        if length > userPrincipalNameMaximumLength {
            return "userPrincipalName takes at most \(userPrincipalNameMaximumLength) characters in Entra ID; this "
                + "value has \(length)"
        }
        let localLength = local.utf16.count
        if localLength > userPrincipalNameLocalMaximumLength {
            return "userPrincipalName takes at most \(userPrincipalNameLocalMaximumLength) characters before the @ in "
                + "Entra ID; this value has \(localLength)"
        }
        let allowed = { (scalar: Unicode.Scalar) in
            scalar.isASCII && localPartCharacters.contains(UInt8(scalar.value))
        }
        if let bad = local.unicodeScalars.first(where: { !allowed($0) }) {
            return "userPrincipalName \"\(upn)\" has '\(bad)' before the @; Entra ID allows only A-Z, a-z, 0-9 and "
                + "' . - _ ! # ^ ~ there"
        }
        if local.hasSuffix(".") {
            return "userPrincipalName \"\(upn)\" ends the part before the @ with a period, which Entra ID refuses"
        }
        let domainLength = domain.utf16.count
        if domainLength > userPrincipalNameDomainMaximumLength {
            return "userPrincipalName takes at most \(userPrincipalNameDomainMaximumLength) characters after the @ in "
                + "Entra ID; this domain has \(domainLength)"
        }
        if let bad = domain.unicodeScalars.first(where: { !($0.isASCII && domainCharacters.contains(UInt8($0.value))) })
        {
            return "userPrincipalName \"\(upn)\" has '\(bad)' in its domain; a domain has only letters, digits, . and -"
        }
        return nil
    }
}
