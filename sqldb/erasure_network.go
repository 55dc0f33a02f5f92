package sqldb

// Erasure of the route into policy's tables (sqldb/network.go): the
// person's name is replaced in barriers and stories, published or not, and
// in who gave consent to a story. Signal summaries hold keys only.
func init() {
	erasureSteps = append(erasureSteps,
		erasureStep{table: "case_barriers", how: "the name replaced", run: scrubCaseTexts("case_barriers", "explanation")},
		erasureStep{table: "case_stories", how: "the name replaced in the story and in who gave consent", run: scrubCaseTexts("case_stories", "title", "body", "consent_given_by")},
	)
	erasureKept["case_signals"] = "the keys of the stagnation signals a case's timeline shows; holds no person"
}
