/// Which records of a read export this run sends: decided by the caller between pass one and pass two (delta sync
/// leaves out unchanged records and adds leavers; a resumed run leaves out what was accepted already).
package struct RecordSelection: Sendable {
    /// Per record of the index: true to leave it out of this run. Empty: nothing is left out.
    package var skip: [Bool]
    /// Records not in the input (leavers to disable), each a complete `data` object.
    package var extras: [Extra]

    /// A record added to the run that is not a row of the input.
    package struct Extra: Sendable {
        package let externalId: String
        package let data: [UInt8]

        package init(externalId: String, data: [UInt8]) {
            self.externalId = externalId
            self.data = data
        }
    }

    package init(skip: [Bool] = [], extras: [Extra] = []) {
        self.skip = skip
        self.extras = extras
    }

    /// Every valid record, nothing added.
    package static let everything = RecordSelection()
}
