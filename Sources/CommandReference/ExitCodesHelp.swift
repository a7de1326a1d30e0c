/// `provision help exit-codes`: what each exit status means, the same for every command (cron jobs and CI branch on
/// them).
public enum ExitCodesHelp {
    public static let text = """
        OVERVIEW: Exit statuses of every provision command (sysexits.h where one fits).

          0   success: every row valid (validate, plan, dry run) or accepted (upload); status: every record
              succeeded; check: ready to upload
          1   some rows invalid, rejected or failed, the rest went through; status: some records failed;
              check: the job is not active (paused or quarantined); schema diff, schema apply without --yes:
              the mapping sends attributes the job's schema lacks
          64  usage: an unknown command or option, or a bad option value (checked before any work)
          65  data: the input, mapping, state, journal or plan cannot be used as it is, every row is invalid
              (upload), the leaver brake held, or (upload, check) the mapping sends attributes the job's schema
              lacks: nothing was written or sent
          66  the input (or mapping, or plan) cannot be opened
          69  the service stayed unreachable or unavailable (the token endpoint or Graph); resume later
          70  internal error
          73  an output file (state, journal, report, summary, GITHUB_STEP_SUMMARY) could not be written, or is
              a device, a FIFO or a directory; the report, if it could be written, names the file
          75  stopped early on purpose, resumable: --max-requests, a full ingestion bucket, a signal (also while
              waiting for a token or for the logs), another run holding the state or journal, a Retry-After
              longer than --max-wait (the token endpoint's too); status: still pending when --wait ended
          77  authentication or permission: a token error, 403, a missing app role
          78  configuration missing or invalid: endpoint, tenant, client, credential; 404 for a wrong service
              principal or job

        """
}
