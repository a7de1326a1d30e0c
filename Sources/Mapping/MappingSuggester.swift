import CSV
import JSONDocument
import SCIM

/// Guesses a starter mapping file from header names, for `provision mapping suggest`.
package enum MappingSuggester {
    package static let customNamespace = "urn:ietf:params:scim:schemas:extension:custom:1.0:User"
    private static let enterprise = SCIMSchema.enterpriseUser

    /// Normalised header name (lower case, letters and digits only) to SCIM path.
    static let known: [(names: [String], path: String)] = [
        (
            [
                "workerid", "employeeid", "empid", "personid", "personnumber", "externalid", "workernumber", "hrid",
                "employeecode",
            ], "externalId"
        ),
        (["userprincipalname", "upn", "username", "userid", "login", "loginname"], "userName"),
        (["firstname", "givenname", "legalfirstname", "preferredfirstname", "forename"], "name.givenName"),
        (["lastname", "surname", "familyname", "legallastname"], "name.familyName"),
        (["middlename", "middleinitial"], "name.middleName"),
        (["prefix", "honorificprefix", "salutation"], "name.honorificPrefix"),
        (["suffix", "honorificsuffix"], "name.honorificSuffix"),
        (["fullname", "displayname", "preferredname", "name"], "displayName"),
        (["nickname"], "nickName"),
        (["jobtitle", "title", "position", "positiontitle", "businesstitle"], "title"),
        (["workertype", "employeetype", "usertype", "employmenttype"], "userType"),
        (["preferredlanguage", "language"], "preferredLanguage"),
        (["locale"], "locale"),
        (["timezone", "tz"], "timezone"),
        (
            ["email", "workemail", "emailaddress", "businessemail", "mail", "workemailaddress"],
            "emails[type eq \"work\"].value"
        ),
        (
            ["phone", "workphone", "businessphone", "telephone", "officephone", "phonenumber"],
            "phoneNumbers[type eq \"work\"].value"
        ),
        (["mobile", "mobilephone", "cellphone", "cell"], "phoneNumbers[type eq \"mobile\"].value"),
        (
            ["street", "address", "streetaddress", "workaddress", "addressline1"],
            "addresses[type eq \"work\"].streetAddress"
        ),
        (["city", "locality", "town"], "addresses[type eq \"work\"].locality"),
        (["state", "region", "province", "stateprovince"], "addresses[type eq \"work\"].region"),
        (["zip", "zipcode", "postalcode", "postcode"], "addresses[type eq \"work\"].postalCode"),
        (["country", "countrycode", "countryregion"], "addresses[type eq \"work\"].country"),
        (["department", "dept", "departmentname"], "\(enterprise):department"),
        (["division"], "\(enterprise):division"),
        (["costcenter", "costcentre"], "\(enterprise):costCenter"),
        (["company", "organization", "organisation", "companyname", "org"], "\(enterprise):organization"),
        (["employeenumber", "employeeno", "badgenumber"], "\(enterprise):employeeNumber"),
        (
            ["managerid", "manager", "supervisorid", "managerworkerid", "manageremployeeid", "reportsto"],
            "\(enterprise):manager.value"
        ),
    ]

    static let statusNames: Set<String> = [
        "status", "workerstatus", "employmentstatus", "employeestatus", "active", "isactive",
    ]

    /// The SCIM path a column's name suggests: the whole name, else (a JSON record's dotted path such as
    /// `person.legalName.givenName` or `workerID.idValue`) its last segments that are not array indexes.
    static func knownPath(of column: String) -> String? {
        let segments = column.split(separator: ".").filter { !$0.allSatisfy(\.isNumber) }.map(String.init)
        var candidates = [column]
        if segments.count > 1 {
            candidates += [segments.suffix(2).joined(), segments.last!]
        }
        for candidate in candidates {
            let key = normalise(candidate)
            if let path = known.first(where: { $0.names.contains(key) })?.path { return path }
        }
        return nil
    }

    static func normalise(_ name: String) -> String {
        String(
            name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }.map(
                Character.init))
    }

    /// The suggested mapping file for the export at `path`, from its header.
    package static func suggest(forExport path: String, dialect: CSVDialect) throws -> String {
        try suggest(forExport: path, options: InputOptions(dialect: dialect))
    }

    /// The suggested mapping file for the export at `path`: from a CSV's header, or from every dotted path its JSON
    /// records have (`job.title`, `phones.0.number`), in the order first met.
    package static func suggest(forExport path: String, options: InputOptions) throws -> String {
        let source = try RecordSource(path: path, options: options)
        guard source.format.isJSON else { return try suggest(header: source.columns, file: path) }
        let paths = try RecordSource.columnPaths(path: path, options: options, limit: ColumnMapping.maxAttributes)
        return try suggest(header: paths, file: path)
    }

    /// The suggested mapping file, as pretty JSON text. A header wider than a mapping may be (1,000 attributes) is
    /// refused as header mode refuses it: the suggestion could not be loaded, and guessing it took minutes at 100,000
    /// columns.
    package static func suggest(header: [String], file: String) throws(MappingError) -> String {
        let limit = ColumnMapping.maxAttributes
        guard header.count <= limit else {
            throw .header(
                path: file, column: limit + 1, name: header[limit],
                message: "the header has \(header.count) columns; a mapping has at most \(limit) attributes, so "
                    + "suggest reads headers of at most \(limit) columns. Cut the export to the columns you need")
        }
        return suggest(header: header)
    }

    static func suggest(header: [String]) -> String {
        var attributes: [JSONMember] = []
        var placed: Set<String> = []
        for column in header {
            let key = normalise(column)
            if statusNames.contains(key) {
                guard attributes["active"] == nil else { continue }
                attributes["active"] =
                    key.hasSuffix("active")
                    ? .string(column)
                    : .object([
                        JSONMember("column", .string(column)), JSONMember("lookup", .object(["Active": true])),
                        JSONMember("default", false),
                    ])
                placed.insert(column)
                continue
            }
            guard let path = knownPath(of: column), attributes[path] == nil else { continue }
            attributes[path] = .string(column)
            placed.insert(column)
        }
        // userName falls back to the work email; displayName to "{First} {Last}"; a primary work email.
        let email = "emails[type eq \"work\"].value"
        if attributes["userName"] == nil, let column = attributes[email] { attributes["userName"] = column }
        if attributes["displayName"] == nil, case .string(let first)? = attributes["name.givenName"],
            case .string(let last)? = attributes["name.familyName"]
        {
            attributes["displayName"] = .object(["template": .string("{\(first)} {\(last)}")])
        }
        if attributes[email] != nil { attributes["emails[type eq \"work\"].primary"] = .bool(true) }
        for column in header where !placed.contains(column) {
            let name = String(
                column.unicodeScalars.filter {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_")
                }.map(Character.init))
            guard let first = name.unicodeScalars.first, first.properties.isAlphabetic else { continue }
            let path = "\(customNamespace):\(name)"
            if attributes[path] == nil { attributes[path] = .string(column) }
        }
        var root: [JSONMember] = []
        root["description"] = .string(
            "Suggested by provision mapping suggest: check every entry. Columns under \(customNamespace) were not "
                + "recognised: rename that namespace to your own, or delete them."
        )
        attributes.sort(by: attributes.keys.sorted())
        root["attributes"] = .object(attributes)
        return JSON.object(root).pretty() + "\n"
    }
}
