/// What Entra ID accepts in the user attributes records flow to. The service does not check these when it takes a
/// request: the record fails later, in the provisioning logs, so the client checks them first.
///
/// Lengths count UTF-16 code units, as Entra counts characters. Source: the Microsoft Graph `user` resource
/// (docs/service.md, "How the service treats records").
public enum EntraLimits {
    /// Longest value per Entra attribute, keyed lower-cased.
    public static let maximumLength: [String: Int] = [
        "givenname": 64, "surname": 64, "displayname": 256, "jobtitle": 128, "department": 64, "employeeid": 16,
        "companyname": 64, "city": 128, "state": 128, "country": 128, "postalcode": 40, "streetaddress": 1024,
        "mail": 256, "mailnickname": 64, "mobilephone": 64, "usagelocation": 2,
    ]

    public static let userPrincipalNameMaximumLength = 113
    /// Longest part before the `@`.
    public static let userPrincipalNameLocalMaximumLength = 64
    /// Longest domain after the `@` (directory synchronization's rule, which Entra applies to every UPN).
    public static let userPrincipalNameDomainMaximumLength = 48
    /// The only characters allowed in the domain.
    static let domainCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-".utf8)
    /// The only characters allowed before the `@` (ASCII, so one byte each).
    static let localPartCharacters = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'.-_!#^~".utf8)

    /// Whether values written to `target` are checked at all (a length, or the UPN or mail rules).
    public static func checks(_ target: String) -> Bool {
        let key = target.lowercased()
        return key == "userprincipalname" || maximumLength[key] != nil
    }

    /// Why `value` cannot be written to the Entra attribute `target`; nil when it can (or nothing is known).
    public static func violation(of value: String, target: String) -> String? {
        let key = target.lowercased()
        if key == "userprincipalname" { return userPrincipalNameViolation(value) }
        let length = value.utf16.count
        if let maximum = maximumLength[key], length > maximum {
            return "\(target) takes at most \(maximum) characters in Entra ID; this value has \(length)"
        }
        if key == "mail", let bad = value.unicodeScalars.first(where: { !$0.isASCII }) {
            return "mail \"\(value)\" has '\(bad)'; Entra ID refuses accented and other non-ASCII characters in mail"
        }
        return nil
    }

    /// Why `upn` is not a user principal name Entra accepts; nil when its form is fine (whether the domain is one
    /// of the tenant's is for the service to say).
    public static func userPrincipalNameViolation(_ upn: String) -> String? {
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
