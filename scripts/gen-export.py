#!/usr/bin/env python3
"""Writes a synthetic HR export for the benchmark, soak and crash tests.

usage: gen-export.py ROWS OUT.csv [--seed N] [--ndjson OUT.ndjson]

24 columns whose headers are SCIM attribute paths (no mapping file needed), deterministic for a given seed:
- non-ASCII names (Latin diacritics, Greek, Cyrillic, CJK) in every row, so the UTF-8 path is the one measured;
- quoted fields with commas, doubled quotes and, in about 1 row in 50, a line break inside the street address;
- a reporting tree: row i (i >= 1) reports to row (i - 1) // 8, so managers are in the file and the tree is about
  log8(ROWS) deep (the upload orders managers before their reports);
- every row is valid and draws no warning (work-typed entries only, userName shaped like name@domain).

With --ndjson, the same records are also written as NDJSON, one object a line, nested as an HR API would send them
(`name.givenName`, `emails[0].value`, `enterprise.manager`), `active` and `primary` as JSON booleans: the JSON
records benchmark reads both files (scripts/bench-records.sh).
"""
import json
import csv
import random
import sys

HEADER = [
    "externalId",
    "userName",
    "name.givenName",
    "name.familyName",
    "name.middleName",
    "displayName",
    "nickName",
    "title",
    "userType",
    "preferredLanguage",
    "locale",
    "timezone",
    "active",
    'emails[type eq "work"].value',
    'emails[type eq "work"].primary',
    'phoneNumbers[type eq "work"].value',
    'addresses[type eq "work"].streetAddress',
    'addresses[type eq "work"].locality',
    'addresses[type eq "work"].postalCode',
    'addresses[type eq "work"].country',
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value",
]

GIVEN = ["Ana", "Ben", "Chloé", "Dániel", "Zoë", "Øystein", "Jürgen", "François", "Søren", "İlkay", "Łukasz",
         "Νίκος", "Дмитрий", "太郎", "美咲", "Siobhán", "José", "Ngọc", "Åsa", "Mohammed"]
FAMILY = ["García", "Okafor", "Dubois", "Müller", "Øster", "Nguyễn", "Kowalczyk", "Παπαδόπουλος", "Иванов", "山田",
          "O'Brien", "Smith-Jones", "Ñúñez", "Şahin", "Björk", "Lefèvre", "佐藤", "Dvořák", "Håkansson", "Brown"]
TITLES = ["Engineer", "Senior Engineer, Platform", 'Lead "Ops" Analyst', "Payroll Specialist", "HR Business Partner",
          "Directeur général adjoint", "Vertriebsleiter", "Designer", "Accountant", "Sales Manager, EMEA"]
DEPTS = ["People", "People, Payroll", "Engineering", 'R&D "Labs"', "Finance", "Sales", "Recherche et développement",
         "Logistik", "Legal", "Support"]
CITIES = [("Redmond", "US", "98052", "en-US", "America/Los_Angeles"),
          ("Paris", "FR", "75008", "fr-FR", "Europe/Paris"),
          ("München", "DE", "80331", "de-DE", "Europe/Berlin"),
          ("Kraków", "PL", "31-005", "pl-PL", "Europe/Warsaw"),
          ("Tōkyō", "JP", "100-0005", "ja-JP", "Asia/Tokyo"),
          ("São Paulo", "BR", "01310-100", "pt-BR", "America/Sao_Paulo"),
          ("Reykjavík", "IS", "101", "is-IS", "Atlantic/Reykjavik"),
          ("Αθήνα", "GR", "105 57", "el-GR", "Europe/Athens")]
STREETS = ["1 Microsoft Way", "12, rue de Rivoli", "Leopoldstraße 7", 'Building "B", Floor 3', "Rynek Główny 1",
           "Av. Paulista, 1578", "Laugavegur 26"]


def ascii_fold(text):
    """A stand-in for the mailbox part: the generator needs unique ASCII-ish mailboxes, not realistic ones."""
    return "".join(c if c.isascii() and c.isalnum() else "x" for c in text).lower()


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 64
    rows, out = int(argv[1]), argv[2]
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    rng = random.Random(seed)
    ndjson = open(argv[argv.index("--ndjson") + 1], "w", encoding="utf-8") if "--ndjson" in argv else None
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\r\n" if seed % 2 == 0 else "\n")
        w.writerow(HEADER)
        for i in range(rows):
            ext = str(100000 + i)
            given, family = rng.choice(GIVEN), rng.choice(FAMILY)
            middle = rng.choice(GIVEN) if i % 3 == 0 else ""
            city, country, postal, locale, tz = rng.choice(CITIES)
            street = rng.choice(STREETS)
            if i % 50 == 7:
                street += "\nSuite " + str(i % 900)
            mail = f"{ascii_fold(given)}.{ascii_fold(family)}.{ext}@contoso.com"
            manager = str(100000 + (i - 1) // 8) if i > 0 else ""
            row = [
                ext, mail, given, family, middle, f"{given} {family}", given if i % 4 == 0 else "",
                rng.choice(TITLES), "Employee" if i % 10 else "Contractor", locale.split("-")[0], locale, tz,
                "true" if i % 25 else "false", mail, "true", f"+{rng.randint(1, 99)} {rng.randint(100, 999)} 555 {i % 10000:04d}",
                street, city, postal, country, ext, rng.choice(DEPTS), str(1000 + i % 97), manager,
            ]
            w.writerow(row)
            if ndjson:
                ndjson.write(json.dumps(nested(row), ensure_ascii=False, separators=(",", ":")) + "\n")
    if ndjson:
        ndjson.close()
    return 0


def nested(row):
    """One CSV row as the object an HR API would send for it."""
    (ext, mail, given, family, middle, display, nick, title, user_type, language, locale, tz, active, email,
     primary, phone, street, city, postal, country, number, dept, cost, manager) = row
    return {
        "externalId": ext, "userName": mail,
        "name": {"givenName": given, "familyName": family, "middleName": middle},
        "displayName": display, "nickName": nick, "title": title, "userType": user_type,
        "preferredLanguage": language, "locale": locale, "timezone": tz, "active": active == "true",
        "emails": [{"type": "work", "value": email, "primary": primary == "true"}],
        "phoneNumbers": [{"type": "work", "value": phone}],
        "addresses": [{"type": "work", "streetAddress": street, "locality": city, "postalCode": postal,
                       "country": country}],
        "enterprise": {"employeeNumber": number, "department": dept, "costCenter": cost, "manager": manager},
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv))
