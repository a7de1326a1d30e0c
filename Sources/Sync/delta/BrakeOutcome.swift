import Foundation

/// The brakes weighed against a run's transitions. When one holds the run sends nothing (exit 65) and says who would
/// have been disabled or renamed and why, and which option lets it through.
package struct BrakeOutcome: Error, Sendable, Equatable {
    package let review: BrakeReview
    package let brakes: Brakes
    package let disableLimit: Int
    package let renameLimit: Int

    /// People named in the message per list; the report keeps `BrakeReview.kept`.
    static let named = 50

    package var disableHolds: Bool { review.disableCount > disableLimit }
    package var renameHolds: Bool { review.renameCount > renameLimit }

    /// The outcome; throws when either brake holds.
    static func check(_ review: BrakeReview, brakes: Brakes) throws(SyncError) -> BrakeOutcome {
        let outcome = BrakeOutcome(
            review: review, brakes: brakes, disableLimit: brakes.maxDisable.limit(known: review.known),
            renameLimit: brakes.maxRename.limit(known: review.known))
        if outcome.disableHolds || outcome.renameHolds { throw .brake(outcome) }
        return outcome
    }

    /// The options that hold, as `max-disable`, `max-rename`.
    package var holding: [String] {
        (disableHolds ? ["max-disable"] : []) + (renameHolds ? ["max-rename"] : [])
    }

    package var message: String {
        var parts: [String] = []
        let known = "\(review.known) known \(review.known == 1 ? "person" : "people")"
        if disableHolds {
            var why: [String] = []
            if review.missingCount > 0 { why.append("\(review.missingCount) missing from the export") }
            if review.turnedOffCount > 0 {
                why.append("\(review.turnedOffCount) whose active turns from true to false")
            }
            if review.sentInactiveCount > 0 {
                why.append("\(review.sentInactiveCount) sent with active false or without active")
            }
            var text =
                "the disable brake holds: \(review.disableCount) of \(known) would be disabled "
                + "(\(why.joined(separator: ", "))), more than --max-disable \(brakes.maxDisable.setting) allows "
                + "(\(disableLimit)); nothing was sent:\n" + Self.list(review.disables, count: review.disableCount)
            if !review.withState {
                text +=
                    "\nWithout --state every record sent with active false counts, also people an export keeps after "
                    + "they left; with --state only changes count (people missing from the export, active turning "
                    + "from true to false, people new to the state sent inactive)."
            }
            text +=
                "\nIf the export is right and they are to be disabled, run again with --max-disable "
                + "\(review.disableCount) (or a higher percentage)."
            parts.append(text)
        }
        if renameHolds {
            parts.append(
                "the rename brake holds: \(review.renameCount) of \(known) would get a new userName (their sign-in "
                    + "name), more than --max-rename \(brakes.maxRename.setting) allows (\(renameLimit)); nothing was "
                    + "sent:\n" + Self.list(review.renames, count: review.renameCount)
                    + "\nA changed domain or userName formula renames everyone; if the new names are intended, run "
                    + "again with --max-rename \(review.renameCount) (or a higher percentage).")
        }
        return parts.joined(separator: "\n")
    }

    private static func list(_ people: [Transition], count: Int) -> String {
        var lines = people.prefix(named).map { "  \($0.person): \($0.reason)" }
        if count > min(named, people.count) {
            lines.append(
                "  … and \(count - min(named, people.count)) more (the report lists "
                    + "\(count > BrakeReview.kept ? "the first \(BrakeReview.kept.formatted())" : "them all"): "
                    + "--report FILE or --json)")
        }
        return lines.joined(separator: "\n")
    }
}
