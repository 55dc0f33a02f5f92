package sqldb

import "context"

// Erasure of the network's development agenda and the tallies of the
// common threads (migration 031): a person's name is replaced in the
// agenda's texts wherever it occurs; the tallies hold counts only.
func init() {
	scrubAll := func(table string, cols ...string) func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
		return func(ctx context.Context, db *store, tx *Tx, j *erasureJob) error {
			return j.scrubColumns(ctx, tx, table, cols, `1 = 1`)
		}
	}
	erasureSteps = append(erasureSteps,
		erasureStep{table: "agenda_items", how: "the name replaced in the plans' items", run: scrubAll("agenda_items", "body")},
		erasureStep{table: "agenda_questions", how: "the name replaced in the questions and answers", run: scrubAll("agenda_questions", "question", "answer")},
	)
	erasureKept["agenda_plans"] = "an organisation's plan for a year; created_by points at an account, which an account erasure anonymises"
	erasureKept["coding_tallies"] = "counts of coded records per code; holds no person"
	erasureKept["coding_pairs"] = "counts of records per pair of codes; holds no person"
	erasureKept["coding_coders"] = "counts of records per coder; coder_id points at an account, which an account erasure anonymises"
	erasureKept["coding_agreement"] = "counts behind the agreement between two coders; the coders point at accounts, which an account erasure anonymises"
}
