import Foundation
import JSONDocument

/// One person of the seed dataset, before any vendor's field names and nesting: what `--people FILE` holds, what
/// `GET /_hr/people` returns and what the generic source serves as it is.
///
/// Dates are `yyyy-MM-dd`; a nil optional is JSON `null`. `managerID` may name a person who is not in the set (a
/// manager outside the export), as real HR data does.
package struct Person: Sendable, Equatable {
    package var id: String
    package var firstName: String
    package var lastName: String
    package var preferredName: String?
    package var email: String?
    package var workPhone: String?
    package var mobilePhone: String?
    package var jobTitle: String?
    package var department: String?
    package var costCenter: String?
    package var jobCode: String?
    package var managerID: String?
    package var hireDate: String?
    package var terminationDate: String?
    package var active: Bool
    /// `Regular` or `Contingent`.
    package var workerType: String
    /// Full-time equivalent, e.g. `1` or `0.8`, as JSON number text; nil when unknown.
    package var fte: String?
    package var city: String?
    package var country: String?

    package init(id: String, firstName: String, lastName: String, active: Bool = true, workerType: String = "Regular") {
        self.id = id
        self.firstName = firstName
        self.lastName = lastName
        self.active = active
        self.workerType = workerType
    }

    package var displayName: String { "\(preferredName ?? firstName) \(lastName)" }

    /// A stable number for vendors whose ids are integers (BambooHR, Personio): the id itself when it is all digits,
    /// else a hash of it, so that the same person keeps the same number when the dataset changes.
    package var numericID: Int {
        if !id.isEmpty, id.count <= 15, id.allSatisfy(\.isASCIIDigit), let number = Int(id) { return number }
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return 900_000_000 + Int(hash % 99_999_999)
    }

    /// The canonical JSON form (member order fixed, `null` for what is unknown).
    package var json: JSON {
        .object([
            "id": .string(id), "firstName": .string(firstName), "lastName": .string(lastName),
            "preferredName": .optional(preferredName), "email": .optional(email), "workPhone": .optional(workPhone),
            "mobilePhone": .optional(mobilePhone), "jobTitle": .optional(jobTitle),
            "department": .optional(department), "costCenter": .optional(costCenter), "jobCode": .optional(jobCode),
            "managerId": .optional(managerID), "hireDate": .optional(hireDate),
            "terminationDate": .optional(terminationDate), "active": .bool(active),
            "workerType": .string(workerType), "fte": fte.map(JSON.number) ?? .null,
            "location": .object(["city": .optional(city), "country": .optional(country)]),
        ])
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

/// Why a people file cannot be used, with where: a JSON syntax error's line and column, or a person's index and
/// field.
package struct PeopleFileError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String
}

extension Person {
    static let fields = [
        "id", "firstName", "lastName", "preferredName", "email", "workPhone", "mobilePhone", "jobTitle", "department",
        "costCenter", "jobCode", "managerId", "hireDate", "terminationDate", "active", "workerType", "fte",
        "location",
    ]

    /// Reads a JSON array of people in the canonical form. Unknown fields, wrong types, missing or repeated ids are
    /// refused, naming the person (1-based, with its id where known) and the field.
    package static func decodeList(_ bytes: [UInt8]) throws(PeopleFileError) -> [Person] {
        let document: JSON
        do {
            document = try JSON.parse(bytes)
        } catch {
            throw PeopleFileError(description: "line \(error.line), column \(error.column): \(error.reason)")
        }
        guard let items = document.arrayValue else {
            throw PeopleFileError(description: "expected a JSON array of people, found \(document.kindName)")
        }
        var people: [Person] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let person = try decode(item, number: index + 1)
            guard seen.insert(person.id).inserted else {
                throw PeopleFileError(description: "person \(index + 1): id \"\(person.id)\" is used twice")
            }
            people.append(person)
        }
        return people
    }

    private static func decode(_ item: JSON, number: Int) throws(PeopleFileError) -> Person {
        guard let members = item.members else {
            throw PeopleFileError(description: "person \(number): expected an object, found \(item.kindName)")
        }
        let label = item["id"]?.stringValue.map { "person \(number) (id \"\($0)\")" } ?? "person \(number)"
        for member in members where !fields.contains(member.key) {
            throw PeopleFileError(
                description:
                    "\(label): unknown field \"\(member.key)\"; known fields: \(fields.joined(separator: ", "))")
        }
        func text(_ key: String, required: Bool = false) throws(PeopleFileError) -> String? {
            let value = item[key]
            if case .string(let text)? = value, !(required && text.isEmpty) { return text }
            if !required, value == nil || value == .null { return nil }
            let wanted = required ? "a non-empty string" : "a string or null"
            throw PeopleFileError(
                description: "\(label): \"\(key)\" must be \(wanted), found \(value?.kindName ?? "nothing")")
        }
        var person = Person(id: try text("id", required: true)!, firstName: "", lastName: "")
        person.firstName = try text("firstName", required: true)!
        person.lastName = try text("lastName", required: true)!
        person.preferredName = try text("preferredName")
        person.email = try text("email")
        person.workPhone = try text("workPhone")
        person.mobilePhone = try text("mobilePhone")
        person.jobTitle = try text("jobTitle")
        person.department = try text("department")
        person.costCenter = try text("costCenter")
        person.jobCode = try text("jobCode")
        person.managerID = try text("managerId")
        person.hireDate = try date("hireDate", try text("hireDate"), label: label)
        person.terminationDate = try date("terminationDate", try text("terminationDate"), label: label)
        person.workerType = try text("workerType") ?? "Regular"
        switch item["active"] {
        case .bool(let flag)?: person.active = flag
        case nil: person.active = person.terminationDate == nil
        case let other?:
            throw PeopleFileError(description: "\(label): \"active\" must be true or false, found \(other.kindName)")
        }
        switch item["fte"] {
        case .number(let text)?: person.fte = text
        case nil, .null?: person.fte = nil
        case let other?:
            throw PeopleFileError(description: "\(label): \"fte\" must be a number or null, found \(other.kindName)")
        }
        switch item["location"] {
        case nil, .null?: break
        case .object(let location)?:
            for member in location where member.key != "city" && member.key != "country" {
                throw PeopleFileError(
                    description: "\(label): unknown field \"location.\(member.key)\"; known: city, country")
            }
            let wrapped = JSON.object(location)
            person.city = try locationText(in: wrapped, "city", field: "location.city", label: label)
            person.country = try locationText(in: wrapped, "country", field: "location.country", label: label)
        case let other?:
            throw PeopleFileError(description: "\(label): \"location\" must be an object, found \(other.kindName)")
        }
        return person
    }

    private static func locationText(in object: JSON, _ key: String, field: String, label: String)
        throws(PeopleFileError)
        -> String?
    {
        switch object[key] {
        case .string(let value)?: return value
        case nil, .null?: return nil
        case let other?:
            throw PeopleFileError(
                description: "\(label): \"\(field)\" must be a string or null, found \(other.kindName)")
        }
    }

    private static func date(_ key: String, _ value: String?, label: String) throws(PeopleFileError) -> String? {
        guard let value else { return nil }
        guard HRDate.epochDay(value) != nil else {
            throw PeopleFileError(description: "\(label): \"\(key)\" must be a date yyyy-MM-dd, found \"\(value)\"")
        }
        return value
    }
}
