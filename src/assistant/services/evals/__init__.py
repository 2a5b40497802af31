"""The eval suite: cases, planted defects, metrics, a runner per suite, results and compare.

Suites: `draft` (structure of offline/API drafts of the case profiles), `critique` (precision and recall
per check id on planted-defect variants of the labelled reports), `parse` (role accuracy per line and
boundary F1 against the gold files), `retrieval` (recall@5 of same-role chunks for held-out items),
`unseen` (parsing and the critique on reports written by people who never saw the code, dev and test),
`yoy` (critique --previous on pairs of one unit's reports, last year's and this year's, dev and test),
`originality` (copied passages planted into clean reports, found against a generated corpus of 1,000 reports).
"""

SUITES = ["parse", "critique", "draft", "retrieval", "unseen", "yoy", "originality"]
