package sqldb_test

import (
	"context"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

func twoCases(t *testing.T, db *sqldb.DB, w *world) (a, b *rotonde.Case) {
	t.Helper()
	ctx := context.Background()
	a, b = &rotonde.Case{Title: "Sam (12)"}, &rotonde.Case{Title: "Lina (9)"}
	for _, c := range []*rotonde.Case{a, b} {
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Cases.AddMember(ctx, w.owner, a.ID, w.family.Email, rotonde.MemberFamily); err != nil {
		t.Fatal(err)
	}
	if err := db.Cases.AddMember(ctx, w.owner, a.ID, w.admin.Email, rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	return a, b
}

func TestGenogramStorage(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, other := twoCases(t, db, w)
		f := storeGenogram(t, db, w, c, other)
		genogramRefusals(t, db, w, c, f)
		genogramReadBack(t, db, w, c, f)
		genogramWarningsAndPins(t, db, w, c, f)
		genogramRemovePerson(t, db, w, c, f, other)
	})
}

// storedGenogram is the family TestGenogramStorage stores: parents, their
// child, a professional, their partnership, and a stranger in another case.
type storedGenogram struct {
	mother, father, child, pro, stranger *genogram.Person
	pt                                   *genogram.Partnership
}

// storeGenogram stores a small family with a line of each kind in c and a
// stranger in other.
func storeGenogram(t *testing.T, db *sqldb.DB, w *world, c, other *rotonde.Case) *storedGenogram {
	ctx := context.Background()
	mother := &genogram.Person{Alias: "moeder", Sex: genogram.SexFemale, BirthYear: 1985}
	father := &genogram.Person{Alias: "vader", Sex: genogram.SexMale, BirthYear: 1983}
	child := &genogram.Person{Alias: "Sam (12)", Sex: genogram.SexMale, BirthYear: 2013, Index: true}
	pro := &genogram.Person{Alias: "gezinscoach", Professional: true, Organisation: "wijkteam"}
	for _, p := range []*genogram.Person{mother, father, child, pro} {
		if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, p); err != nil {
			t.Fatal(err)
		}
	}
	stranger := &genogram.Person{Alias: "vreemde", Sex: genogram.SexMale}
	if err := db.Genogram.SavePerson(ctx, w.owner, other.ID, stranger); err != nil {
		t.Fatal(err)
	}
	pt := &genogram.Partnership{A: father.ID, B: mother.ID, Kind: genogram.Divorced, StartYear: 2008, EndYear: 2018}
	if err := db.Genogram.SavePartnership(ctx, w.owner, c.ID, pt); err != nil {
		t.Fatal(err)
	}
	if err := db.Genogram.AddChild(ctx, w.family, c.ID, &genogram.ParentChild{Child: child.ID, Partnership: pt.ID}); err != nil {
		t.Fatalf("family member adds child: %v", err)
	}
	if err := db.Genogram.AddTie(ctx, w.owner, c.ID, &genogram.Tie{A: pro.ID, B: child.ID, Kind: genogram.TieClose}); err != nil {
		t.Fatal(err)
	}
	if err := db.Genogram.AddLifeEvent(ctx, w.owner, c.ID, &genogram.LifeEvent{Person: father.ID, Year: 2018, Kind: genogram.EventMove, Note: "verhuisd"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Genogram.SaveHousehold(ctx, w.owner, c.ID, &genogram.Household{Label: "thuis", Index: true, Members: []string{mother.ID, child.ID}}); err != nil {
		t.Fatal(err)
	}
	return &storedGenogram{mother: mother, father: father, child: child, pro: pro, stranger: stranger, pt: pt}
}

// genogramRefusals checks that lines across cases, own parents, ancestry
// cycles and changes by observers and non-members are refused.
func genogramRefusals(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, f *storedGenogram) {
	ctx := context.Background()
	// A tie to a person of another case: a clear message and nothing stored.
	err := db.Genogram.AddTie(ctx, w.owner, c.ID, &genogram.Tie{A: f.child.ID, B: f.stranger.ID, Kind: genogram.TieConflict})
	if rotonde.ErrorCodeOf(err) != rotonde.EInvalid || !strings.Contains(rotonde.UserMessage(err, "nl"), "hoort niet bij") {
		t.Fatalf("tie across cases: %v", err)
	}
	// Two parents of which one is the child itself: refused.
	if err := db.Genogram.AddChild(ctx, w.owner, c.ID, &genogram.ParentChild{Child: f.child.ID, Parent1: f.child.ID}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Fatalf("own parent: %v", err)
	}
	// The father as the child of his own son: a cycle, refused by Validate and rolled back.
	if err := db.Genogram.AddChild(ctx, w.owner, c.ID, &genogram.ParentChild{Child: f.father.ID, Parent1: f.child.ID}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Fatalf("ancestry cycle: %v", err)
	}
	// An observer and a non-member change nothing.
	if err := db.Genogram.SavePerson(ctx, w.admin, c.ID, &genogram.Person{Alias: "x"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Fatalf("observer adds person: %v", err)
	}
	if err := db.Genogram.SavePerson(ctx, w.colleague, c.ID, &genogram.Person{Alias: "x"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Fatalf("non-member adds person: %v", err)
	}
}

// genogramReadBack reads the genogram back as the observer.
func genogramReadBack(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, f *storedGenogram) {
	ctx := context.Background()
	g, refs, err := db.Genogram.Genogram(ctx, w.admin, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Persons) != 4 || len(g.Partnerships) != 1 || len(g.Children) != 1 || len(g.Ties) != 1 || len(g.Events) != 1 || len(g.Households) != 1 {
		t.Fatalf("stored genogram: %+v", g)
	}
	if len(refs.Ties) != 1 || len(refs.Events) != 1 || len(refs.Children) != 1 {
		t.Fatalf("refs %+v", refs)
	}
	if g.Children[0].Partnership != f.pt.ID || g.Partnerships[0].Kind != genogram.Divorced || len(g.Households[0].Members) != 2 {
		t.Fatalf("lines: %+v %+v", g.Children, g.Partnerships)
	}
	if p, _ := g.PersonByID(f.pro.ID); !p.Professional || p.Organisation != "wijkteam" {
		t.Fatalf("professional %+v", p)
	}
	if _, _, err := db.Genogram.Genogram(ctx, w.colleague, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Fatalf("non-member reads genogram: %v", err)
	}
}

// genogramWarningsAndPins checks that implausible data is stored with a
// warning, and that pins are kept, refused when stale and reset.
func genogramWarningsAndPins(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, f *storedGenogram) {
	ctx := context.Background()
	// Implausible data is stored, and Validate warns.
	f.child.BirthYear = 1970
	if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, f.child); err != nil {
		t.Fatalf("implausible birth year refused: %v", err)
	}
	g, _, _ := db.Genogram.Genogram(ctx, w.owner, c.ID)
	warns, err := g.Validate()
	if err != nil || len(warns) == 0 {
		t.Fatalf("want warnings for a child born before its parents: %v %v", warns, err)
	}

	// Pins: kept, stale ones refused plainly, reset.
	if err := db.Genogram.PinPerson(ctx, w.owner, c.ID, f.mother.ID, 321, 123); err != nil {
		t.Fatal(err)
	}
	g, _, _ = db.Genogram.Genogram(ctx, w.owner, c.ID)
	if pin := g.Pinned[f.mother.ID]; pin.X != 321 || pin.Y != 123 {
		t.Fatalf("pin %+v", g.Pinned)
	}
	if b := genogram.ComputeLayout(g, genogram.Options{}).Boxes[f.mother.ID]; b.Centre() != (genogram.Point{X: 321, Y: 123}) {
		t.Fatalf("layout ignores the pin: %+v", b)
	}
	if err := db.Genogram.PinPerson(ctx, w.owner, c.ID, f.stranger.ID, 1, 1); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Fatalf("pin on another case's person: %v", err)
	}
	if err := db.Genogram.PinPerson(ctx, w.owner, c.ID, f.mother.ID, 1e9, 1); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
		t.Fatalf("pin far away: %v", err)
	}
	if err := db.Genogram.UnpinPerson(ctx, w.owner, c.ID, f.mother.ID); err != nil {
		t.Fatal(err)
	}
}

// genogramRemovePerson removes the father with his lines and checks that
// the other case is not touched.
func genogramRemovePerson(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, f *storedGenogram, other *rotonde.Case) {
	ctx := context.Background()
	// Removing a person takes their lines with them.
	if err := db.Genogram.RemoveGenogramItem(ctx, w.owner, c.ID, sqldb.ItemPerson, genogram.ParseRef('p', f.father.ID)); err != nil {
		t.Fatal(err)
	}
	g, _, _ := db.Genogram.Genogram(ctx, w.owner, c.ID)
	if len(g.Persons) != 3 || len(g.Partnerships) != 0 || len(g.Children) != 0 || len(g.Events) != 0 || len(g.Pinned) != 0 {
		t.Fatalf("after removing the father: %+v", g)
	}
	if err := db.Genogram.PinPerson(ctx, w.owner, c.ID, f.father.ID, 1, 1); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Fatalf("stale pin: %v", err)
	}
	if err := db.Genogram.RemoveGenogramItem(ctx, w.owner, c.ID, sqldb.ItemPerson, genogram.ParseRef('p', f.stranger.ID)); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Fatalf("remove another case's person: %v", err)
	}
	if g2, _, _ := db.Genogram.Genogram(ctx, w.owner, other.ID); len(g2.Persons) != 1 {
		t.Fatalf("other case touched: %+v", g2)
	}
}

func TestReplaceGenogramIsAllOrNothing(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, _ := twoCases(t, db, w)
		demo := demo.Stepfamily()
		if err := db.Genogram.ReplaceGenogram(ctx, w.owner, c.ID, demo); err != nil {
			t.Fatal(err)
		}
		g, _, err := db.Genogram.Genogram(ctx, w.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(g.Persons) != len(demo.Persons) || len(g.Partnerships) != len(demo.Partnerships) || len(g.Children) != len(demo.Children) ||
			len(g.Ties) != len(demo.Ties) || len(g.Households) != len(demo.Households) {
			t.Fatalf("imported %d/%d persons, %d/%d partnerships, %d/%d children, %d/%d ties", len(g.Persons), len(demo.Persons),
				len(g.Partnerships), len(demo.Partnerships), len(g.Children), len(demo.Children), len(g.Ties), len(demo.Ties))
		}
		if _, err := g.Validate(); err != nil {
			t.Fatalf("stored demo does not validate: %v", err)
		}
		// A broken genogram (a tie to nobody) replaces nothing.
		bad := &genogram.Genogram{Persons: []genogram.Person{{ID: "a", Alias: "a"}}, Ties: []genogram.Tie{{A: "a", B: "b", Kind: genogram.TieClose}}}
		if err := db.Genogram.ReplaceGenogram(ctx, w.owner, c.ID, bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("broken import: %v", err)
		}
		if g2, _, _ := db.Genogram.Genogram(ctx, w.owner, c.ID); len(g2.Persons) != len(demo.Persons) {
			t.Fatalf("broken import changed the genogram: %d persons", len(g2.Persons))
		}
	})
}

func TestForceFieldStorage(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, _ := twoCases(t, db, w)
		if err := db.Genogram.SetForceFieldGoal(ctx, w.owner, c.ID, "Sam gaat weer naar school"); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.SetForceFieldGoal(ctx, w.owner, c.ID, "Sam gaat weer naar school, elke dag"); err != nil {
			t.Fatal(err)
		}
		s := &genogram.Stakeholder{Name: "school", Role: "mentor", Influence: 3, Stance: 1}
		if err := db.Genogram.SaveStakeholder(ctx, w.owner, c.ID, s); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.SaveStakeholder(ctx, w.owner, c.ID, &genogram.Stakeholder{Name: "x", Influence: 9}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("influence 9: %v", err)
		}
		f, err := db.Genogram.ForceField(ctx, w.family, c.ID)
		if err != nil || f.Goal != "Sam gaat weer naar school, elke dag" || len(f.Stakeholders) != 1 || f.Stakeholders[0].Stance != 1 {
			t.Fatalf("force field %+v %v", f, err)
		}
		if err := f.Validate(); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.RemoveStakeholder(ctx, w.owner, c.ID, s.ID); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.RemoveStakeholder(ctx, w.owner, c.ID, s.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("second removal: %v", err)
		}
	})
}

func TestLearningCyclePhaseStepsInterviews(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c, _ := twoCases(t, db, w)
		for _, step := range []string{"apply-knowledge", "monitor", "apply-knowledge"} {
			if err := db.Progress.AddCycleEntry(ctx, w.owner, &rotonde.CycleEntry{CaseID: c.ID, Step: step, Done: "gedaan", EvidenceURL: "https://example.org/verslag"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Progress.AddCycleEntry(ctx, w.owner, &rotonde.CycleEntry{CaseID: c.ID, Step: "monitor", Done: "x", EvidenceURL: "javascript:alert(1)"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("javascript: evidence link: %v", err)
		}
		if err := db.Progress.AddCycleEntry(ctx, w.admin, &rotonde.CycleEntry{CaseID: c.ID, Step: "monitor", Done: "x"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("observer records cycle: %v", err)
		}
		entries, err := db.Progress.CycleEntries(ctx, w.admin, c.ID)
		if err != nil || len(entries) != 3 || entries[0].Step != "apply-knowledge" || entries[0].CreatedName != "Eigenaar" {
			t.Fatalf("entries %+v %v", entries, err)
		}

		for _, ph := range []string{"urgency", "pause"} {
			if err := db.Progress.SetPhase(ctx, w.owner, &rotonde.PhaseChange{CaseID: c.ID, Phase: ph, Reason: "omdat"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := db.Progress.SetPhase(ctx, w.owner, &rotonde.PhaseChange{CaseID: c.ID, Phase: "klaar"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("unknown phase: %v", err)
		}
		hist, err := db.Progress.PhaseHistory(ctx, w.owner, c.ID)
		if err != nil || len(hist) != 2 || hist[0].Phase != "pause" || hist[0].SetByName != "Eigenaar" {
			t.Fatalf("phase history %+v %v", hist, err)
		}

		s := &rotonde.SmallStep{CaseID: c.ID, Title: "Bellen met school", OwnerUserID: w.family.ID, Due: "2030-01-31"}
		if err := db.Progress.AddStep(ctx, w.owner, s); err != nil {
			t.Fatal(err)
		}
		if err := db.Progress.AddStep(ctx, w.owner, &rotonde.SmallStep{CaseID: c.ID, Title: "x", OwnerUserID: w.colleague.ID}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("owner who is no member: %v", err)
		}
		if err := db.Progress.AddStep(ctx, w.owner, &rotonde.SmallStep{CaseID: c.ID, Title: "x", Due: "31-01-2030"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("bad date: %v", err)
		}
		if err := db.Progress.SetStepStatus(ctx, w.family, c.ID, s.ID, rotonde.StepDone); err != nil {
			t.Fatal(err)
		}
		checkStepReopens(t, db, w, c.ID, s.ID)

		iv := &rotonde.Interview{CaseID: c.ID, Interviewee: "moeder", ConsentRecording: false, ConsentNotes: false}
		if err := db.Progress.StartInterview(ctx, w.family, iv); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Fatalf("family member interviews: %v", err)
		}
		if err := db.Progress.StartInterview(ctx, w.owner, iv); err != nil {
			t.Fatal(err)
		}
		ans := &rotonde.InterviewAnswer{CaseID: c.ID, InterviewID: iv.ID, Year: 2021, Month: 3, Question: "Wat was cruciaal?", Answer: "Dat niemand belde."}
		if err := db.Progress.AddInterviewAnswer(ctx, w.owner, ans); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Fatalf("answer without consent for notes: %v", err)
		}
		if err := db.Progress.SetInterviewConsent(ctx, w.owner, c.ID, iv.ID, false, true); err != nil {
			t.Fatal(err)
		}
		if err := db.Progress.AddInterviewAnswer(ctx, w.owner, ans); err != nil {
			t.Fatal(err)
		}
		ivs, err := db.Progress.Interviews(ctx, w.owner, c.ID)
		if err != nil || len(ivs) != 1 || len(ivs[0].Answers) != 1 || ivs[0].ReportBack == nil || ivs[0].ReportBack.Status != rotonde.StepOpen || !ivs[0].ConsentNotes {
			t.Fatalf("interviews %+v %v", ivs, err)
		}
		evs, err := db.Timeline.InterviewEvents(ctx, w.admin, c.ID)
		if err != nil || len(evs) != 1 {
			t.Fatalf("interview events %v %v", evs, err)
		}
		if e := evs[0]; e.Kind != timeline.KindExperience || e.Lane != timeline.LaneFamily || e.Source != timeline.SourceFamily ||
			e.Date != timeline.MonthOf(2021, 3) || e.Persons[0] != "moeder" || !e.FamilyVoice() {
			t.Fatalf("interview event %+v", e)
		}

		steps, err := db.Progress.Steps(ctx, w.owner, c.ID)
		if err != nil || len(steps) != 2 || !steps[0].ReportBack || steps[1].Status != rotonde.StepDone || steps[1].ClosedName != "Ouder" || steps[1].OwnerName != "Ouder" {
			t.Fatalf("steps %+v %v", steps, err)
		}
		feed, err := db.Progress.Feed(ctx, w.owner, c.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]int{}
		for _, f := range feed {
			kinds[f.Kind]++
		}
		if kinds["step_done"] != 1 || kinds["phase"] != 2 || kinds["cycle"] != 3 || kinds["interview"] != 1 || kinds["step_added"] != 2 {
			t.Fatalf("feed kinds %v", kinds)
		}
		if _, err := db.Progress.Feed(ctx, w.colleague, c.ID, 5); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("non-member feed: %v", err)
		}
	})
}

// checkStepReopens: a done step records who closed it and when; opened
// again it has no closer, and it can be closed again.
func checkStepReopens(t *testing.T, db *sqldb.DB, w *world, caseID, stepID int64) {
	t.Helper()
	ctx := context.Background()
	step := func() rotonde.SmallStep {
		t.Helper()
		steps, err := db.Progress.Steps(ctx, w.owner, caseID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range steps {
			if s.ID == stepID {
				return s
			}
		}
		t.Fatalf("step %d not listed", stepID)
		return rotonde.SmallStep{}
	}
	if s := step(); s.Status != rotonde.StepDone || s.ClosedBy != w.family.ID || s.ClosedAt.IsZero() {
		t.Errorf("done: %+v", s)
	}
	if err := db.Progress.SetStepStatus(ctx, w.owner, caseID, stepID, rotonde.StepOpen); err != nil {
		t.Fatal(err)
	}
	if s := step(); s.Status != rotonde.StepOpen || s.ClosedBy != 0 || !s.ClosedAt.IsZero() {
		t.Errorf("opened again: %+v", s)
	}
	if err := db.Progress.SetStepStatus(ctx, w.family, caseID, stepID, rotonde.StepDone); err != nil {
		t.Fatal(err)
	}
}
