package sqldb_test

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// genoShape describes a geno-sociogram by names rather than ids, so that
// one put back under new ids compares equal to the one before.
func genoShape(t *testing.T, db *sqldb.DB, u *rotonde.User, caseID int64) string {
	t.Helper()
	g, _, err := db.Genogram.Genogram(context.Background(), u, caseID)
	if err != nil {
		t.Fatal(err)
	}
	name := map[string]string{}
	var lines []string
	for _, p := range g.Persons {
		name[p.ID] = p.Alias
		lines = append(lines, fmt.Sprintf("person %s %s %d", p.Alias, p.Sex, p.BirthYear))
	}
	pair := map[string]string{}
	for _, p := range g.Partnerships {
		pair[p.ID] = name[p.A] + "+" + name[p.B]
		lines = append(lines, fmt.Sprintf("partners %s+%s %s", name[p.A], name[p.B], p.Kind))
	}
	for _, c := range g.Children {
		lines = append(lines, fmt.Sprintf("child %s of %s%s%s %s", name[c.Child], pair[c.Partnership], name[c.Parent1], name[c.Parent2], c.Kind))
	}
	for _, x := range g.Ties {
		lines = append(lines, fmt.Sprintf("tie %s-%s %s %s", name[x.A], name[x.B], x.Kind, x.Note))
	}
	for _, e := range g.Events {
		lines = append(lines, fmt.Sprintf("event %s %d %s", name[e.Person], e.Year, e.Kind))
	}
	for _, h := range g.Households {
		var ms []string
		for _, m := range h.Members {
			ms = append(ms, name[m])
		}
		sort.Strings(ms)
		lines = append(lines, fmt.Sprintf("household %s %v", h.Label, ms))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// trashFamily draws a small family: Henk and Wil with their daughter
// Mama, Mama's child Noor, a tie between Henk and Noor, a life event of
// Henk's and a household with Henk and Wil. It returns Henk's person ID.
func trashFamily(t *testing.T, db *sqldb.DB, u *rotonde.User, caseID int64) string {
	t.Helper()
	ctx := context.Background()
	henk := &genogram.Person{Alias: "Opa Henk", Sex: genogram.SexMale, BirthYear: 1950}
	wil := &genogram.Person{Alias: "Oma Wil", Sex: genogram.SexFemale, BirthYear: 1952}
	mama := &genogram.Person{Alias: "Mama", Sex: genogram.SexFemale, BirthYear: 1980}
	noor := &genogram.Person{Alias: "Noor", Sex: genogram.SexFemale, BirthYear: 2012, Index: true}
	for _, p := range []*genogram.Person{henk, wil, mama, noor} {
		if err := db.Genogram.SavePerson(ctx, u, caseID, p); err != nil {
			t.Fatal(err)
		}
	}
	pt := &genogram.Partnership{A: henk.ID, B: wil.ID, Kind: genogram.Married, StartYear: 1975}
	if err := db.Genogram.SavePartnership(ctx, u, caseID, pt); err != nil {
		t.Fatal(err)
	}
	for _, pc := range []*genogram.ParentChild{{Child: mama.ID, Partnership: pt.ID}, {Child: noor.ID, Parent1: mama.ID}} {
		if err := db.Genogram.AddChild(ctx, u, caseID, pc); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Genogram.AddTie(ctx, u, caseID, &genogram.Tie{A: henk.ID, B: noor.ID, Kind: genogram.TieClose, Note: "vissen"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Genogram.AddLifeEvent(ctx, u, caseID, &genogram.LifeEvent{Person: henk.ID, Year: 2019, Kind: genogram.EventMove}); err != nil {
		t.Fatal(err)
	}
	if err := db.Genogram.SaveHousehold(ctx, u, caseID, &genogram.Household{Label: "Boerderij", Members: []string{henk.ID, wil.ID}}); err != nil {
		t.Fatal(err)
	}
	return henk.ID
}

func TestTrashKeepsAPersonWholeAndPutsItBack(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithFamily(t, db, "Noor (14)")
		henk := trashFamily(t, db, w.owner, c.ID)
		before := genoShape(t, db, w.owner, c.ID)

		// A family member removes the person the owner added: it goes to the trash with all that hangs off it.
		it, err := db.Trash.TrashGenogramItem(ctx, w.family, c.ID, "person", genogram.ParseRef('p', henk))
		if err != nil {
			t.Fatal(err)
		}
		if it.Label != "Opa Henk" || it.Rows != 6 {
			t.Errorf("trash entry: %q with %d rows, want Opa Henk with 6 (person, partnership, child line, tie, event, household member)", it.Label, it.Rows)
		}
		after := genoShape(t, db, w.owner, c.ID)
		if strings.Contains(after, "Henk") || strings.Contains(after, "partners") || strings.Contains(after, "tie") || strings.Contains(after, "event") {
			t.Errorf("the trashed person still shows:\n%s", after)
		}
		if !strings.Contains(after, "household Boerderij [Oma Wil]") {
			t.Errorf("the household lost more than Henk:\n%s", after)
		}
		// Nobody outside the case sees the trash; every member does.
		if _, err := db.Trash.Trash(ctx, w.outsider, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("outsider reads the trash: %v", err)
		}
		items, err := db.Trash.Trash(ctx, w.owner, c.ID)
		if err != nil || len(items) != 1 || items[0].DeletedByName != "Ouder" {
			t.Fatalf("trash: %v %+v", err, items)
		}
		// The case's feed tells the other members who removed what.
		feed, err := db.Progress.Feed(ctx, w.owner, c.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if !hasFeed(feed, "trashed.genogram", "Opa Henk", "Ouder") {
			t.Errorf("feed has no deletion: %+v", feed)
		}
		// An outsider cannot put it back; a member who may edit can, whole.
		if _, err := db.Trash.RestoreTrash(ctx, w.outsider, c.ID, it.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("outsider restores: %v", err)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, it.ID); err != nil {
			t.Fatal(err)
		}
		if got := genoShape(t, db, w.owner, c.ID); got != before {
			t.Errorf("put back:\n%s\nwant:\n%s", got, before)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, it.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("restored twice: %v", err)
		}
		if items, _ := db.Trash.Trash(ctx, w.owner, c.ID); len(items) != 0 {
			t.Errorf("trash after restore: %+v", items)
		}
		feed, _ = db.Progress.Feed(ctx, w.owner, c.ID, 10)
		if !hasFeed(feed, "restored.genogram", "Opa Henk", "Eigenaar") {
			t.Errorf("feed has no restore: %+v", feed)
		}
	})
}

func hasFeed(feed []rotonde.FeedItem, kind, text, actor string) bool {
	for _, f := range feed {
		if f.Kind == kind && f.Text == text && f.Actor == actor {
			return true
		}
	}
	return false
}

func TestTrashRestoreOrderAndExpiry(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.ownerCase(t, db, "Noor (14)")
		henk := trashFamily(t, db, w.owner, c.ID)
		before := genoShape(t, db, w.owner, c.ID)
		_, refs, err := db.Genogram.Genogram(ctx, w.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		// First the tie, then the person: putting the tie back first has nothing to hang on.
		tie, err := db.Trash.TrashGenogramItem(ctx, w.owner, c.ID, "tie", refs.Ties[0])
		if err != nil {
			t.Fatal(err)
		}
		person, err := db.Trash.TrashGenogramItem(ctx, w.owner, c.ID, "person", genogram.ParseRef('p', henk))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, tie.ID); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("tie restored before its person: %v", err)
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, person.ID); err != nil {
			t.Fatal(err)
		}
		// Now the tie finds its person again.
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, tie.ID); err != nil {
			t.Fatal(err)
		}
		if got := genoShape(t, db, w.owner, c.ID); got != before {
			t.Errorf("after both:\n%s\nwant:\n%s", got, before)
		}

		// A timeline event: gone from the timeline at once, back on restore;
		// after 30 days it cannot be put back, and housekeeping removes it.
		e := timeline.Event{Date: timeline.MonthOf(2020, 3), Kind: timeline.KindExperience,
			Lane: timeline.LaneFamily, Source: timeline.SourceFamily, Description: "Niemand luisterde naar Noor"}
		eid, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &e)
		if err != nil {
			t.Fatal(err)
		}
		ev, err := db.Trash.TrashTimelineEvent(ctx, w.owner, c.ID, eid)
		if err != nil {
			t.Fatal(err)
		}
		if evs, err := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{}); err != nil || len(evs) != 0 {
			t.Errorf("trashed event still listed: %v %d", err, len(evs))
		}
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, ev.ID); err != nil {
			t.Fatal(err)
		}
		evs, err := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{})
		if err != nil || len(evs) != 1 || evs[0].Event.Description != e.Description || evs[0].Event.Date != e.Date {
			t.Fatalf("restored event: %v %+v", err, evs)
		}
		ev, err = db.Trash.TrashTimelineEvent(ctx, w.owner, c.ID, evs[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		real := db.Now
		defer func() { db.Now = real }()
		db.Now = func() time.Time { return real().AddDate(0, 0, rotonde.TrashDays).Add(time.Hour) }
		if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, ev.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("restored after %d days: %v", rotonde.TrashDays, err)
		}
		if items, _ := db.Trash.Trash(ctx, w.owner, c.ID); len(items) != 0 {
			t.Errorf("expired entries listed: %+v", items)
		}
		if _, err := db.PurgeExpired(ctx, db.Now(), time.Hour); err != nil {
			t.Fatal(err)
		}
		var left int
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM trash WHERE case_id = `+fmt.Sprint(c.ID)+` AND restored_at IS NULL`).Scan(&left); err != nil || left != 0 {
			t.Errorf("trash rows after housekeeping: %d %v", left, err)
		}
	})
}

func TestErasureRemovesTrashedRows(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := w.caseWithFamily(t, db, "Noor (14)")
		henk := trashFamily(t, db, w.owner, c.ID)
		g, refs, err := db.Genogram.Genogram(ctx, w.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		noorLine := refs.Children[0]
		for i, pc := range g.Children {
			if pc.Parent1 != "" {
				noorLine = refs.Children[i]
			}
		}
		// The tie between Henk and Noor names Henk by his id only; the
		// line from Mama to Noor does not name him and stays in the trash.
		if _, err := db.Trash.TrashGenogramItem(ctx, w.owner, c.ID, "tie", refs.Ties[0]); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.TrashGenogramItem(ctx, w.owner, c.ID, "child", noorLine); err != nil {
			t.Fatal(err)
		}
		e := timeline.Event{Date: timeline.YearOf(2021), Kind: timeline.KindEvent,
			Lane: timeline.LaneFamily, Source: timeline.SourceFamily, Description: "Opa Henk verhuist naar Zeeland"}
		eid, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &e)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Trash.TrashTimelineEvent(ctx, w.owner, c.ID, eid); err != nil {
			t.Fatal(err)
		}
		req := &rotonde.ErasureRequest{Scope: rotonde.ErasureCase, CaseID: c.ID, SubjectPerson: genogram.ParseRef('p', henk), SubjectName: "Opa Henk", Reason: "Hij wil er niet in staan."}
		if err := db.Privacy.CreateErasureRequest(ctx, w.family, req); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Privacy.DecideErasure(ctx, w.owner, req.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.Reader().QueryRowContext(ctx, `SELECT COUNT(*) FROM trash`).Scan(&n); err != nil || n != 1 {
			t.Errorf("trash entries after erasing Henk: %d, want 1 (the line from Mama to Noor) %v", n, err)
		}
	})
}

func TestPrepIsTheFacilitatorsOwn(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, _ := meetingWorld(t, db)
		// The colleague facilitates the case and prepares a meeting of their own.
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.colleague.Email, rotonde.MemberFacilitator); err != nil {
			t.Fatal(err)
		}
		m := &meeting.Meeting{CaseID: c.ID, Title: "Leerbijeenkomst 2"}
		if err := db.Meetings.CreateMeeting(ctx, w.colleague, m); err != nil {
			t.Fatal(err)
		}
		prep := meeting.Prep{Answers: map[string]string{"values": "nieuwsgierigheid"}}
		if err := db.Meetings.SavePrep(ctx, w.colleague, m.ID, prep); err != nil {
			t.Fatal(err)
		}
		// The case owner manages the meeting but does not read or write its preparation.
		if err := db.Meetings.SavePrep(ctx, w.owner, m.ID, prep); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("owner writes the preparation: %v", err)
		}
		snap, a, err := db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.owner}, m.ID)
		if err != nil || !a.Facilitate || a.Prep || len(snap.Meeting.Prep.Answers) != 0 || a.OwnerFacilitates {
			t.Errorf("owner's snapshot: %v facilitate=%v prep=%v answers=%v ownerFacilitates=%v", err, a.Facilitate, a.Prep, snap.Meeting.Prep.Answers, a.OwnerFacilitates)
		}
		list, err := db.Meetings.Meetings(ctx, w.owner, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if len(x.Prep.Answers) != 0 && x.ID == m.ID {
				t.Errorf("the owner's list shows the preparation of meeting %d", x.ID)
			}
		}
		snap, a, err = db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.colleague}, m.ID)
		if err != nil || !a.Prep || snap.Meeting.Prep.Answers["values"] != "nieuwsgierigheid" {
			t.Errorf("facilitator's snapshot: %v %+v", err, snap.Meeting.Prep)
		}
		// A meeting the owner facilitates themselves is flagged.
		_, a, err = db.Meetings.MeetingSnapshot(ctx, meeting.Viewer{User: w.owner}, m.ID-1)
		if err != nil || !a.OwnerFacilitates || !a.Prep {
			t.Errorf("owner's own meeting: %v ownerFacilitates=%v prep=%v", err, a.OwnerFacilitates, a.Prep)
		}
	})
}
