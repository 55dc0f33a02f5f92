package web_test

import (
	"context"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// progressWorld is the case content the genogram and progress routes act on.
type progressWorld struct {
	person, person2, stakeholder string
	stepID, interviewID          int64
	insightID                    int64
}

// buildProgressWorld gives the matrix case two persons, a stakeholder, a
// small step, an insight and an interview with consent for notes.
func buildProgressWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, caseID int64, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	a, b := &genogram.Person{Alias: "moeder", Sex: genogram.SexFemale}, &genogram.Person{Alias: "kind", Sex: genogram.SexMale}
	for _, p := range []*genogram.Person{a, b} {
		if err := db.Genogram.SavePerson(ctx, owner, caseID, p); err != nil {
			t.Fatal(err)
		}
	}
	st := &genogram.Stakeholder{Name: "school", Influence: 3}
	if err := db.Genogram.SaveStakeholder(ctx, owner, caseID, st); err != nil {
		t.Fatal(err)
	}
	step := &rotonde.SmallStep{CaseID: caseID, Title: "bellen"}
	if err := db.Progress.AddStep(ctx, owner, step); err != nil {
		t.Fatal(err)
	}
	iv := &rotonde.Interview{CaseID: caseID, Interviewee: "moeder", ConsentNotes: true}
	if err := db.Progress.StartInterview(ctx, owner, iv); err != nil {
		t.Fatal(err)
	}
	in := &rotonde.Insight{CaseID: caseID, Body: "We praten vaak over Noor in plaats van met haar."}
	if err := db.Progress.AddInsight(ctx, owner, in); err != nil {
		t.Fatal(err)
	}
	w.progress = progressWorld{person: a.ID, person2: b.ID, stakeholder: st.ID, stepID: step.ID, interviewID: iv.ID, insightID: in.ID}
}
