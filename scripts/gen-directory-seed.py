#!/usr/bin/env python3
"""Writes a tenant's users for the emulator's --directory-seed, and optionally the HR export of the same people.

usage: gen-directory-seed.py SEED.json USERS [--export OUT.csv RECORDS]

Users: user<i>@contoso.com as userPrincipalName and mail, user<i> as mailNickname, employeeId <i> except every 10th
(cloud-only accounts the job never matches), every 7th disabled, managers set (user i reports to the first of its ten).
The export (SCIM-path headers, no mapping needed) is records 0 … RECORDS-1 as the HR system has them: the title
changed for every 3rd, active true; record i names the manager i - i % 10 + 1 as the seed does. So the plan finds
updates, unchanged records, rehires (the disabled accounts), and the every-10th records, new hires whose
userPrincipalName a cloud-only account holds, collide.
"""
import csv
import json
import sys


def seed(path, count):
    users = []
    for i in range(count):
        user = {"id": "00000000-0000-4000-8000-%012d" % i, "userPrincipalName": "user%d@contoso.com" % i,
                "displayName": "User %d" % i, "jobTitle": "Clerk", "mail": "user%d@contoso.com" % i,
                "mailNickname": "user%d" % i, "accountEnabled": i % 7 != 0}
        if i % 10 != 0:
            user["employeeId"] = str(i)
        if i % 10 not in (0, 1):
            user["manager"] = {"id": "00000000-0000-4000-8000-%012d" % (i - i % 10 + 1)}
        users.append(user)
    with open(path, "w") as out:
        json.dump(users, out)


def export(path, count):
    manager = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
    with open(path, "w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["externalId", "userName", "displayName", "title", "active", 'emails[type eq "work"].value',
                         manager])
        for i in range(count):
            writer.writerow([str(i), "user%d@contoso.com" % i, "User %d" % i, "Lead" if i % 3 == 0 else "Clerk",
                             "true", "user%d@contoso.com" % i, str(i - i % 10 + 1) if i % 10 not in (0, 1) else ""])


if __name__ == "__main__":
    seed(sys.argv[1], int(sys.argv[2]))
    if len(sys.argv) == 6 and sys.argv[3] == "--export":
        export(sys.argv[4], int(sys.argv[5]))
