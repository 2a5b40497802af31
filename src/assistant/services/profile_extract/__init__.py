"""`profile extract`: a unit profile proposed from what a unit has (summary, ledger, last year's report); see docs/drafting.md."""
