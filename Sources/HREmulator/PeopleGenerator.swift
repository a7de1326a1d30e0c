import EmulatorKit
import Foundation

/// A deterministic population for `--people-count N --seed S`: the same arguments give the same people on every
/// machine. It has what real HR data has and clients trip over: names with diacritics, ids with leading zeros,
/// managers forming a tree (a manager always comes before their reports), leavers with a termination date,
/// contingent workers, part-time numbers and nulls where a value is unknown.
enum PeopleGenerator {
    static let firstNames = [
        "Ana", "Zoë", "François", "Łukasz", "Søren", "José", "Åsa", "Chloé", "Mátyás", "İlkay", "Björn", "Renée",
        "Siobhán", "Jürgen", "Ngọc", "Maëlle", "Dmitrij", "Amélie", "Ørjan", "Inés", "Kenji", "Zoltán", "Aoife", "Ben",
    ]
    static let lastNames = [
        "García", "Müller", "Dvořák", "Øvergård", "Nguyễn", "O'Brien", "Kowalczyk", "Şahin", "Núñez", "Lefèvre",
        "Søndergaard", "Takahashi", "van der Berg", "Ångström", "Okafor", "Dubois", "Smith", "Ferreira-Lima",
    ]
    static let departments = [
        ("People", "1000", "HR"), ("Engineering", "2000", "EN"), ("Sales", "3000", "SA"), ("Finance", "4000", "FI"),
        ("Operations", "5000", "OP"),
    ]
    static let titles = ["Director", "Manager", "Lead", "Specialist", "Associate"]
    static let places = [
        ("Redmond", "US", "+1 425 555"), ("Paris", "FR", "+33 1 55 55"), ("Berlin", "DE", "+49 30 5550"),
        ("Kraków", "PL", "+48 12 555"), ("São Paulo", "BR", "+55 11 5555"), ("Ōsaka", "JP", "+81 6 5555"),
        ("Zürich", "CH", "+41 44 555"),
    ]
    /// Hire dates fall in 2005-01-01 ... 2024-12-31; termination dates after the hire date, before 2025-06-30.
    static let firstHireDay = HRDate.epochDay("2005-01-01")!
    static let lastHireDay = HRDate.epochDay("2024-12-31")!
    static let lastTerminationDay = HRDate.epochDay("2025-06-30")!

    static func generate(count: Int, seed: UInt64) -> [Person] {
        var random = SeededGenerator(seed: seed)
        func pick(_ bound: Int) -> Int { Int(random.next() % UInt64(max(1, bound))) }
        var people: [Person] = []
        var emails: Set<String> = []
        for index in 0..<count {
            let first = firstNames[pick(firstNames.count)]
            let last = lastNames[pick(lastNames.count)]
            var person = Person(id: String(format: "%06d", index + 1), firstName: first, lastName: last)
            let (department, costCenter, code) = departments[index == 0 ? 0 : pick(departments.count)]
            let (city, country, phone) = places[pick(places.count)]
            let level = index == 0 ? 0 : min(titles.count - 1, 1 + pick(titles.count))
            person.jobTitle = index == 0 ? "Chief Executive Officer" : "\(department) \(titles[level])"
            person.department = department
            person.costCenter = costCenter
            person.jobCode = index % 9 == 4 ? nil : "\(code)-\(100 + level * 10)"
            person.city = city
            person.country = country
            person.preferredName = pick(3) == 0 ? String(first.prefix(3)) : nil
            person.workPhone = index % 10 == 7 ? nil : "\(phone) \(String(format: "%04d", index % 10_000))"
            person.mobilePhone = pick(2) == 0 ? nil : "\(phone) \(String(format: "%04d", (index * 7 + 1) % 10_000))"
            person.managerID = index == 0 ? nil : people[pick(index)].id
            let hired = firstHireDay + pick(lastHireDay - firstHireDay)
            person.hireDate = HRDate.text(hired)
            person.workerType = index > 0 && pick(8) == 0 ? "Contingent" : "Regular"
            person.fte = person.workerType == "Contingent" ? nil : (pick(5) == 0 ? "0.8" : "1")
            // One in ten leaves, never the root: a manager may have left while their reports stay.
            if index > 0, pick(10) == 0 {
                person.active = false
                person.terminationDate = HRDate.text(hired + 1 + pick(max(1, lastTerminationDay - hired - 1)))
            }
            var email = "\(emailPart(first)).\(emailPart(last))"
            if !emails.insert(email).inserted {
                email += String(index + 1)
                emails.insert(email)
            }
            person.email = "\(email)@contoso.example"
            people.append(person)
        }
        return people
    }

    /// ASCII for an address: diacritics dropped, letters Unicode does not decompose spelled out, the rest removed.
    static func emailPart(_ name: String) -> String {
        let spelled = name.lowercased()
            .replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "ł", with: "l")
            .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ß", with: "ss")
            .replacingOccurrences(of: "ı", with: "i").replacingOccurrences(of: "đ", with: "d")
        let folded = spelled.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return String(
            folded.unicodeScalars.filter { ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") }.map(Character.init))
    }
}
