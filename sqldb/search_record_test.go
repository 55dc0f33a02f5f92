package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/search"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// A dilemma or insight that is not shared is found by the members of its
// own case or intervision group, as soon as it is written, with what was
// done with it; nobody else finds it, and a reindex keeps it so.
func TestSearchFindsUnsharedRecordsForTheirMembersOnly(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Sam (12)", Reason: "Zorgen thuis"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.colleague.Email, rotonde.MemberProfessional); err != nil {
			t.Fatal(err)
		}
		inCase := &knowledge.Record{Kind: knowledge.KindDilemma, CaseID: c.ID, Body: "Wij kozen voor de zwemles boven de therapie.", Takeaway: "Eerst vragen wat Sam wil."}
		if err := db.Knowledge.AddRecord(ctx, w.owner, inCase); err != nil {
			t.Fatal(err)
		}
		g := boardGroup(t, db, w)
		inGroup := &knowledge.Record{Kind: knowledge.KindInsight, GroupID: g.ID, Body: "Ik stuur op productie terwijl ik samenwerking predik."}
		if err := db.Knowledge.AddRecord(ctx, w.outsider, inGroup); err != nil {
			t.Fatal(err)
		}
		own := &knowledge.Record{Kind: knowledge.KindDilemma, Body: "Mijn eigen zwemles-twijfel."}
		if err := db.Knowledge.AddRecord(ctx, w.owner, own); err != nil {
			t.Fatal(err)
		}
		caseHit, groupHit := fmt.Sprintf("record:%d", inCase.ID), fmt.Sprintf("record:%d", inGroup.ID)
		check := func(when string) {
			t.Helper()
			for _, c := range []struct {
				who  *rotonde.User
				q    string
				want []string
			}{
				{w.owner, "zwemles therapie", []string{caseHit}}, // never the record of one's own
				{w.colleague, "zwemles", []string{caseHit}},
				{w.colleague, "vragen wil", []string{caseHit}}, // the takeaway too
				{w.outsider, "zwemles", nil},
				{w.admin, "zwemles", nil},
				{w.sysad, "zwemles", nil},
				{w.family, "zwemles", nil},
				{w.outsider, "productie samenwerking", []string{groupHit}},
				{w.admin, "productie", []string{groupHit}}, // the group's facilitator
				{w.owner, "productie", nil},
				{w.colleague, "samenwerking", nil},
				{w.sysad, "productie", nil},
			} {
				got := hitKeys(mustSearch(t, db, c.who, c.q, search.KindRecord)) // the method library has some of these words
				if c.want == nil {
					c.want = []string{}
				}
				if !slices.Equal(got, c.want) {
					t.Errorf("%s: %s searches %q: %v, want %v", when, c.who.Email, c.q, got, c.want)
				}
			}
		}
		check("written")
		hits := mustSearch(t, db, w.outsider, "productie", search.KindRecord)
		if len(hits) != 1 || hits[0].CaseID != 0 || hits[0].URL != fmt.Sprintf("/groepen/%d", g.ID) {
			t.Errorf("group record hit: %+v", hits)
		}
		hits = mustSearch(t, db, w.colleague, "zwemles", search.KindRecord)
		if len(hits) != 1 || hits[0].CaseID != c.ID || hits[0].URL != fmt.Sprintf("/casussen/%d/kennis#kennis-%d", c.ID, inCase.ID) {
			t.Errorf("case record hit: %+v", hits)
		}
		if err := db.Knowledge.AnswerFollowUp(ctx, w.owner, inCase.ID, "Sam koos voor judo."); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(mustSearch(t, db, w.colleague, "judo", "")); !slices.Equal(got, []string{caseHit}) {
			t.Errorf("after the follow-up: %v", got)
		}
		if err := db.Search.Reindex(ctx); err != nil {
			t.Fatal(err)
		}
		check("reindexed")
	})
}
