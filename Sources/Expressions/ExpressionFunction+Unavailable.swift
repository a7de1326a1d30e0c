/// What a mapping may not call: functions of Entra's language provision does not evaluate, and names people reach
/// for that the language does not have.
extension ExpressionFunction {
    /// Functions of Entra's language that need the directory, the service's logs or a value that changes on every
    /// run: loading a mapping that uses one fails and says why, instead of sending something else.
    static let notAvailable: [String: String] = [
        "AppRoleAssignmentsComplex": "app role assignments exist only in the directory",
        "AssertiveAppRoleAssignmentsComplex": "app role assignments exist only in the directory",
        "SingleAppRoleAssignment": "app role assignments exist only in the directory",
        "DefaultDomain": "the tenant's default domain is known only to the service; map it in the provisioning app, "
            + "or write the domain in the expression",
        "Redact": "it hides a value in the service's provisioning logs, so it only works in the provisioning app's own "
            + "attribute mappings",
        "Guid": "it gives a new value on every run, so requests would never be byte-identical and delta sync would "
            + "resend every record; let the provisioning app generate it (mapping applied only on object creation)",
        "RandomString": "it gives a new value on every run, so requests would never be byte-identical and delta sync "
            + "would resend every record; let the provisioning app generate it (mapping applied only on object "
            + "creation)",
    ]

    /// Why `SelectUniqueValue` is not evaluated here for a job that provisions to on-premises Active Directory:
    /// there the service evaluates it against AD itself, which Graph cannot read (for Entra ID targets, and when the
    /// target is unknown, provision evaluates it against the file, the state and, with `--directory`, the tenant).
    static let selectUniqueValueForAD =
        "it checks candidate values against on-premises Active Directory, which only the service sees; send the "
        + "first candidate and put SelectUniqueValue in the job's attribute mapping, where the service evaluates it "
        + "for AD targets"

    /// Names people reach for that Entra's language does not have, with what to write instead.
    static let notInLanguage: [String: String] = [
        "Right": "for the last characters use Replace([x], , \"^.*(?<last>.{4})$\", , \"${last}\", , )",
        "Concat": "join text with Join(\"\", a, b) or Append(a, b)",
        "Substring": "use Mid(source, start, length); positions start at 1",
        "Lower": "use ToLower", "Upper": "use ToUpper", "LCase": "use ToLower", "UCase": "use ToUpper",
        "If": "use IIF(condition, valueIfTrue, valueIfFalse)",
        "And": "nest IIF instead: IIF(first, IIF(second, yes, no), no)",
        "Or": "nest IIF instead: IIF(first, yes, IIF(second, yes, no))",
    ]
}
