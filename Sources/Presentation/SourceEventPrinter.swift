import HRSources

/// What reading an HR source reports, on the console: each retry (not with `--quiet`: the run is waiting), each page
/// and token with `--verbose`. URLs come without secrets (`SourceEvent`).
package struct SourceEventPrinter: Sendable {
    let console: Console
    let choices: OutputChoices

    package init(console: Console, choices: OutputChoices) {
        self.console = console
        self.choices = choices
    }

    package func print(_ event: SourceEvent) {
        switch event {
        case .retry:
            if !choices.quiet { console.diagnostic("provision: " + event.message) }
        case .page, .token:
            if choices.verbose && !choices.quiet { console.diagnostic("provision: " + event.message) }
        }
    }
}
