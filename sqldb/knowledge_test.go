package sqldb_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// A case's dilemma stays in the case until it is shared: with a paraphrase,
// the confirmation, the family's consent and no name known in the case.
// The network then reads the paraphrase only, never the body or source.
func TestKnowledgeRecordSharing(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, rec := addCaseDilemma(t, db, w)
		checkUnsharedRecord(t, db, w, c, rec)
		shareCaseDilemma(t, db, w, c, rec)
		checkFollowUp(t, db, w, c, rec)
		checkOwnRecordSharing(t, db, w)
	})
}

// addCaseDilemma adds a case with a family member, a named person and a
// network-level insight, and records a dilemma made from that insight.
func addCaseDilemma(t *testing.T, db *sqldb.DB, w *world) (*rotonde.Case, *knowledge.Record) {
	t.Helper()
	ctx := context.Background()
	c := w.caseWithFamily(t, db, "Sam (12)")
	if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, &genogram.Person{Alias: "Sam (12)", Index: true}); err != nil {
		t.Fatal(err)
	}
	in := &rotonde.Insight{CaseID: c.ID, Body: "Sam wacht al maanden op de tweede lijn.", Level: "network"}
	if err := db.Progress.AddInsight(ctx, w.owner, in); err != nil {
		t.Fatal(err)
	}
	// Made from the case insight: its text and level come along.
	rec := &knowledge.Record{Kind: knowledge.KindDilemma, CaseID: c.ID, InsightID: in.ID, Takeaway: "Wachttijd agenderen in het regio-overleg",
		Links: []knowledge.Link{{Kind: knowledge.LinkTheme, Key: "wachttijd"}, {Kind: knowledge.LinkComponent, Key: "clear-roles"}}}
	if err := db.Knowledge.AddRecord(ctx, w.owner, rec); err != nil {
		t.Fatal(err)
	}
	if rec.Body != in.Body || rec.Level != "network" || rec.FollowUpDue.Sub(rec.CreatedAt) != knowledge.FollowUpAfter {
		t.Errorf("record from insight: %+v", rec)
	}
	return c, rec
}

// checkUnsharedRecord checks that an unshared record stays in the case.
func checkUnsharedRecord(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, rec *knowledge.Record) {
	t.Helper()
	ctx := context.Background()
	// Outsiders do not reach it, nor add to the case.
	for _, u := range []*rotonde.User{w.colleague, w.admin, w.outsider} {
		if _, err := db.Knowledge.Record(ctx, u, rec.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s reads an unshared record: %v", u.Email, err)
		}
		if err := db.Knowledge.AddRecord(ctx, u, &knowledge.Record{Kind: knowledge.KindInsight, CaseID: c.ID, Body: "x"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s adds to a case they are no member of: %v", u.Email, err)
		}
	}
	if shared, err := db.Knowledge.SharedRecords(ctx, w.admin); err != nil || len(shared) != 0 {
		t.Fatalf("nothing shared yet: %v %v", shared, err)
	}
	terms, err := db.Knowledge.KnownTerms(ctx, w.owner, rec.ID)
	if err != nil || !contains(terms, "Sam") || !contains(terms, "Ouder") {
		t.Errorf("known terms: %q %v", terms, err)
	}
}

// shareCaseDilemma shares the record after the checks on consent,
// paraphrase and confirmation, and checks what the network sees.
func shareCaseDilemma(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, rec *knowledge.Record) {
	t.Helper()
	ctx := context.Background()
	// Without consent of the family: refused.
	para := "Een jongere wacht maanden op specialistische hulp; niemand voelt zich verantwoordelijk voor de wachttijd."
	if err := db.Knowledge.ShareRecord(ctx, w.owner, rec.ID, para, true); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Fatalf("share without consent: %v", err)
	}
	recordConsent(t, db, w.owner, c.ID, 12, "ouders")
	// A paraphrase that still names Sam: refused, naming what was found.
	err := db.Knowledge.ShareRecord(ctx, w.owner, rec.ID, "Sam wacht maanden.", true)
	if rotonde.ErrorCodeOf(err) != rotonde.EInvalid || !strings.Contains(errArgs(err), "Sam") {
		t.Fatalf("paraphrase with a name: %v", err)
	}
	if err := db.Knowledge.ShareRecord(ctx, w.owner, rec.ID, para, false); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Fatalf("share without confirmation: %v", err)
	}
	if err := db.Knowledge.ShareRecord(ctx, w.family, rec.ID, para, true); err != nil {
		t.Fatalf("a family member shares with consent: %v", err)
	}
	shared, err := db.Knowledge.SharedRecords(ctx, w.outsider)
	if err != nil || len(shared) != 1 {
		t.Fatalf("shared: %v %v", shared, err)
	}
	s := shared[0]
	if s.Body != para || s.CaseID != 0 || s.CreatedBy != 0 || s.Takeaway != "" || s.Source != "" || len(s.Links) != 2 {
		t.Errorf("the network sees more than the paraphrase: %+v", s)
	}
	got, err := db.Knowledge.Record(ctx, w.outsider, rec.ID)
	if err != nil || got.Body != para || got.CaseID != 0 {
		t.Errorf("outsider reads the shared view: %+v %v", got, err)
	}
	// Family members and system administrators do not read the network's records.
	for _, u := range []*rotonde.User{w.sysad} {
		if _, err := db.Knowledge.SharedRecords(ctx, u); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("%s lists shared records: %v", u.Email, err)
		}
	}
}

// checkFollowUp checks the owner's follow-up question of the record.
func checkFollowUp(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, rec *knowledge.Record) {
	t.Helper()
	ctx := context.Background()
	// "Wat heb je ermee gedaan?": the owner's open question, answered once.
	due, err := db.Knowledge.FollowUps(ctx, w.owner)
	if err != nil || len(due) != 1 || due[0].ID != rec.ID {
		t.Fatalf("follow-ups: %v %v", due, err)
	}
	if err := db.Knowledge.AnswerFollowUp(ctx, w.family, rec.ID, "niets"); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("someone else answers the owner's question: %v", err)
	}
	if err := db.Knowledge.AnswerFollowUp(ctx, w.owner, rec.ID, "Op de agenda van het regio-overleg gezet."); err != nil {
		t.Fatal(err)
	}
	if due, _ := db.Knowledge.FollowUps(ctx, w.owner); len(due) != 0 {
		t.Errorf("answered question still open: %v", due)
	}
	list, err := db.Knowledge.CaseRecords(ctx, w.family, c.ID)
	if err != nil || len(list) != 1 || list[0].FollowUp == "" || list[0].Source != knowledge.SourceCase {
		t.Errorf("case records: %+v %v", list, err)
	}
}

// checkOwnRecordSharing checks a record written down outside any case.
func checkOwnRecordSharing(t *testing.T, db *sqldb.DB, w *world) {
	t.Helper()
	ctx := context.Background()
	// Written down on one's own: the author's alone until shared; no family consent needed.
	own := &knowledge.Record{Kind: knowledge.KindInsight, Body: "Ik merk dat ik de regie te snel overneem."}
	if err := db.Knowledge.AddRecord(ctx, w.admin, own); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Knowledge.Record(ctx, w.owner, own.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("another reads an own record: %v", err)
	}
	if err := db.Knowledge.ShareRecord(ctx, w.owner, own.ID, "x", true); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("another shares an own record: %v", err)
	}
	if err := db.Knowledge.ShareRecord(ctx, w.admin, own.ID, "Iemand in een leidende rol neemt de regie te snel over.", true); err != nil {
		t.Fatal(err)
	}
	if mine, err := db.Knowledge.OwnRecords(ctx, w.admin); err != nil || len(mine) != 1 || !mine[0].Shared() {
		t.Errorf("own records: %+v %v", mine, err)
	}
}

// Codebooks: per region, ready-made codes, themes with sub-themes, codings
// of shared records only, memos and the logbook.
func TestCodebookAndCodings(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		own := &knowledge.Record{Kind: knowledge.KindDilemma, Body: "Wie betaalt als twee gemeenten allebei nee zeggen?"}
		if err := db.Knowledge.AddRecord(ctx, w.owner, own); err != nil {
			t.Fatal(err)
		}
		book := &knowledge.Codebook{Name: "Rode draden 2026"}
		if err := db.Knowledge.CreateCodebook(ctx, w.owner, book, nil); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a professional opens a codebook: %v", err)
		}
		ready := []knowledge.Code{{Group: knowledge.GroupComponent, Key: "clear-roles", Name: "Heldere rollen", Colour: "#336699"}}
		if err := db.Knowledge.CreateCodebook(ctx, w.admin, book, ready); err != nil {
			t.Fatal(err)
		}
		theme := &knowledge.Code{CodebookID: book.ID, Name: "Geld", Colour: "#aa3300"}
		if err := db.Knowledge.AddCode(ctx, w.owner, theme); err != nil {
			t.Fatal(err)
		}
		sub := &knowledge.Code{CodebookID: book.ID, ParentID: theme.ID, Name: "Woonplaatsbeginsel"}
		if err := db.Knowledge.AddCode(ctx, w.outsider, sub); err != nil {
			t.Fatal(err)
		}
		got, err := db.Knowledge.Codebook(ctx, w.outsider, book.ID)
		if err != nil || len(got.Codes) != 3 || got.Codes[1].ID != theme.ID || got.Codes[2].ParentID != theme.ID || got.Codes[0].Key != "clear-roles" {
			t.Fatalf("codebook: %+v %v", got, err)
		}
		if _, err := db.Knowledge.Codebook(ctx, w.family, book.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("a family member opens the codebook: %v", err)
		}
		// An unshared record cannot be coded.
		if err := db.Knowledge.AddCoding(ctx, w.owner, &knowledge.Coding{CodebookID: book.ID, CodeID: theme.ID, RecordID: own.ID}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("coding an unshared record: %v", err)
		}
		para := "Twee gemeenten wijzen naar elkaar en het gezin wacht."
		if err := db.Knowledge.ShareRecord(ctx, w.owner, own.ID, para, true); err != nil {
			t.Fatal(err)
		}
		for _, c := range []*knowledge.Coding{
			{CodebookID: book.ID, CodeID: sub.ID, RecordID: own.ID, Start: 0, End: 15},
			{CodebookID: book.ID, CodeID: theme.ID, RecordID: own.ID},
		} {
			if err := db.Knowledge.AddCoding(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: theme.ID, RecordID: own.ID}); err != nil {
			t.Fatal(err)
		}
		if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: theme.ID, RecordID: own.ID}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("the same coding twice: %v", err)
		}
		if err := db.Knowledge.AddCoding(ctx, w.admin, &knowledge.Coding{CodebookID: book.ID, CodeID: theme.ID, RecordID: own.ID, Start: 3, End: 999}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("a selection beyond the text: %v", err)
		}
		codings, err := db.Knowledge.Codings(ctx, w.outsider, book.ID)
		if err != nil || len(codings) != 3 || codings[0].End != 15 {
			t.Fatalf("codings: %+v %v", codings, err)
		}
		if k := knowledge.AgreementPerCode(codings)[theme.ID]; len(k) != 1 || k[0].Kappa != 1 {
			t.Errorf("agreement on the theme: %+v", k)
		}
		if err := db.Knowledge.AddNote(ctx, w.admin, &knowledge.Note{CodebookID: book.ID, Kind: knowledge.NoteDecision, Body: "Woonplaatsbeginsel valt onder Geld."}); err != nil {
			t.Fatal(err)
		}
		notes, err := db.Knowledge.Notes(ctx, w.owner, book.ID)
		if err != nil || len(notes) != 1 || notes[0].AuthorName != "Bestuurder" {
			t.Errorf("notes: %+v %v", notes, err)
		}
		// A codebook of another region is out of reach.
		books, err := db.Knowledge.Codebooks(ctx, w.outsider)
		if err != nil || len(books) != 1 {
			t.Errorf("codebooks: %+v %v", books, err)
		}
	})
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func errArgs(err error) string {
	var e *rotonde.Error
	if errors.As(err, &e) {
		return fmt.Sprint(e.Args...)
	}
	return ""
}

// An intervision series: planned by the group's facilitator, read and
// committed to by its members only; what a member brings stays in the group
// until that member shares a paraphrase.
func TestIntervisionSeries(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		g := boardGroup(t, db, w)
		se := plannedSeries(g, time.Date(2027, 1, 12, 19, 0, 0, 0, time.UTC))
		if err := db.Knowledge.CreateSeries(ctx, w.outsider, se); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a member plans a series: %v", err)
		}
		if err := db.Knowledge.CreateSeries(ctx, w.admin, se); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Knowledge.Series(ctx, w.owner, se.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("an outsider reads the series: %v", err)
		}
		for i := 0; i < 2; i++ {
			if err := db.Knowledge.Commit(ctx, w.outsider, se.ID); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.Knowledge.Series(ctx, w.outsider, se.ID)
		if err != nil || len(got.Sessions) != 6 || got.Sessions[5].PlannedAt.Sub(got.Sessions[0].PlannedAt) != 5*knowledge.DefaultInterval ||
			len(got.Committed) != 1 || got.Committed[0] != w.outsider.ID {
			t.Fatalf("series: %+v %v", got, err)
		}
		d := &knowledge.Record{Kind: knowledge.KindDilemma, GroupID: g.ID, Body: "Ik stuur op productie terwijl ik samenwerking predik."}
		if err := db.Knowledge.AddRecord(ctx, w.outsider, d); err != nil {
			t.Fatal(err)
		}
		if err := db.Knowledge.AddRecord(ctx, w.owner, &knowledge.Record{Kind: knowledge.KindDilemma, GroupID: g.ID, Body: "x"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("an outsider brings into the group: %v", err)
		}
		if recs, err := db.Knowledge.GroupRecords(ctx, w.admin, g.ID); err != nil || len(recs) != 1 {
			t.Fatalf("group records: %v %v", recs, err)
		}
		para := "Wie samenwerking vraagt, stuurt soms zelf vooral op productie."
		if err := db.Knowledge.ShareRecord(ctx, w.admin, d.ID, para, true); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("another member shares what was brought in: %v", err)
		}
		if err := db.Knowledge.ShareRecord(ctx, w.outsider, d.ID, para, true); err != nil {
			t.Fatal(err)
		}
		if shared, _ := db.Knowledge.SharedRecords(ctx, w.owner); len(shared) != 1 || shared[0].Body != para || shared[0].GroupID != 0 {
			t.Errorf("shared: %+v", shared)
		}
	})
}
