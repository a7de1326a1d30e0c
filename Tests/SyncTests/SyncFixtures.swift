import Export
import Foundation
import Mapping
import Sync
import TestSupport
import Uploader

/// An export whose headers are SCIM paths: `count` users E1…En, every tenth reporting to E1; those in `inactive`
/// are sent with active false, and everyone's userName is at `domain`.
func usersCSV(
    _ count: Int, prefix: String = "E", changed: Set<Int> = [], inactive: Set<Int> = [], domain: String = "contoso.com"
) -> String {
    var text =
        "externalId,userName,displayName,active,"
        + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department,"
        + "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value\n"
    for index in 1...max(count, 1) where count > 0 {
        let manager = index % 10 == 0 ? "\(prefix)1" : ""
        let department = changed.contains(index) ? "Changed" : "Dept \(index % 7)"
        let active = !inactive.contains(index)
        text += "\(prefix)\(index),user\(index)@\(domain),User \(index),\(active),\(department),\(manager)\n"
    }
    if count == 0 { text = String(text.prefix(while: { $0 != "\n" })) + "\n" }
    return text
}

/// An upload job against `FakeGraph`, paced fast enough that nobody waits for the pacer.
func uploadJob(
    input: URL, workspace: Workspace, state: Bool = false, resume: Bool = false, batchSize: Int = 10
) -> UploadJob {
    var reader = ExportReader()
    reader.batchSize = batchSize
    let identity = RunIdentity.Options(batchSize: batchSize, emptyAsNull: false, delimiter: nil, encoding: nil)
    let export = ExportJob(
        input: input.path, reader: reader, statePath: state ? workspace.url("state.jsonl").path : nil,
        identityOptions: identity)
    var upload = UploadConfiguration(endpoint: FakeGraph.endpoint.url)
    upload.rate = RateLimit(count: 1000, seconds: 1)
    upload.concurrency = 1
    var job = UploadJob(
        export: export, endpoint: FakeGraph.endpoint, upload: upload,
        journalPath: workspace.url("run.journal").path, resume: resume, version: "test",
        credentialKind: "client secret")
    job.reportPath = workspace.url("report.json").path
    return job
}
