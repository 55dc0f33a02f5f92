package sqldb_test

import (
	"bytes"
	"context"
	"fmt"
	"strconv"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// contentWorld is a case with an owner, a family member and an observer.
func contentWorld(t *testing.T, db *sqldb.DB) (*world, *rotonde.Case, *rotonde.User) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, db)
	c := w.ownerCase(t, db, "Sam (12)")
	observer := testenv.MustUser(t, db, &rotonde.User{Email: "kijker@test.nl", Name: "Kijker", Role: rotonde.RoleResearcher, OrgID: w.wijkteam.ID}, "wachtwoord-1")
	for _, m := range []struct {
		email string
		role  rotonde.MemberRole
	}{{w.family.Email, rotonde.MemberFamily}, {observer.Email, rotonde.MemberObserver}, {w.colleague.Email, rotonde.MemberProfessional}} {
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, m.email, m.role); err != nil {
			t.Fatal(err)
		}
	}
	return w, c, observer
}

func TestTimelineEventsStoredFilteredAndGuarded(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, c, observer := contentWorld(t, db)
		ev, id := timelineStoredAndRead(t, db, w, c, observer)
		timelineFilters(t, db, w, c)
		timelineGuards(t, db, w, c, observer, ev, id)
		famID := timelineFamilyOwnEvents(t, db, w, c, id)
		timelineUpdateDeleteAndRefusals(t, db, w, c, ev, id, famID)
	})
}

// timelineStoredAndRead adds two events and reads them back, in date order,
// as the observer.
func timelineStoredAndRead(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, observer *rotonde.User) (timeline.Event, int64) {
	ctx := context.Background()
	ev := timeline.Event{Date: timeline.MonthOf(2019, 3), Kind: timeline.KindDecision, Source: timeline.SourceDossier,
		Description: "Uithuisplaatsing naar pleeggezin", Persons: []string{"Sam (12)", "moeder"},
		Organisations: []string{"Jeugdbescherming 50%_Oost"}, Helpers: []string{"jeugdbeschermer"},
		Opinions: "moeder vindt het te snel", Tags: []timeline.Tag{{Category: timeline.CatMove, Value: "pleeggezin"}, {Category: timeline.CatMeasure, Inferred: true}}}
	id, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &ev)
	if err != nil || id == 0 || ev.ID != strconv.FormatInt(id, 10) {
		t.Fatalf("add: %d %v", id, err)
	}
	if ev.Lane != timeline.LaneProfessional {
		t.Errorf("default lane %q", ev.Lane)
	}
	other := timeline.Event{Date: timeline.About(2017), Kind: timeline.KindEvent, Source: timeline.SourceFamily,
		Description: "Scheiding ouders", Persons: []string{"vader", "moeder"}, Organisations: []string{"Jeugdbescherming 5"}}
	if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &other); err != nil {
		t.Fatal(err)
	}
	all, err := db.Timeline.TimelineEvents(ctx, observer, c.ID, timeline.Query{})
	if err != nil || len(all) != 2 {
		t.Fatalf("observer reads: %d %v", len(all), err)
	}
	if all[0].Event.Description != "Scheiding ouders" {
		t.Errorf("not in date order: %q first", all[0].Event.Description)
	}
	got := all[1].Event
	if got.Date != ev.Date || got.Opinions != "moeder vindt het te snel" || len(got.Persons) != 2 || got.Persons[0] != "Sam (12)" ||
		len(got.Tags) != 2 || got.Tags[0].Value != "pleeggezin" || !got.Tags[1].Inferred || got.Lane != timeline.LaneProfessional {
		t.Errorf("round trip: %+v", got)
	}
	return ev, id
}

// timelineFilters checks the person, organisation and date filters and the
// lists of names.
func timelineFilters(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) {
	ctx := context.Background()
	// Filters: case-insensitive whole names; LIKE wildcards in names are literal.
	for _, tc := range []struct {
		f    timeline.Query
		want int
	}{
		{timeline.Query{Person: "MOEDER"}, 2},
		{timeline.Query{Person: "moe"}, 0},
		{timeline.Query{Person: "jeugdbeschermer"}, 1}, // helpers count as persons
		{timeline.Query{Organisation: "jeugdbescherming 50%_oost"}, 1},
		{timeline.Query{Organisation: "Jeugdbescherming 5"}, 1},
		{timeline.Query{Organisation: "Jeugdbescherming %"}, 0},
		{timeline.Query{From: timeline.YearOf(2018)}, 1},
		{timeline.Query{To: timeline.Day(2017, 6, 1)}, 1}, // "ca. 2017" overlaps
		{timeline.Query{From: timeline.YearOf(2020)}, 0},
	} {
		got, err := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, tc.f)
		if err != nil || len(got) != tc.want {
			t.Errorf("filter %+v: %d events (%v), want %d", tc.f, len(got), err, tc.want)
		}
	}
	persons, orgs, err := db.Timeline.TimelineNames(ctx, w.owner, c.ID)
	if err != nil || len(persons) != 4 || len(orgs) != 2 {
		t.Errorf("names %v %v %v", persons, orgs, err)
	}
}

// timelineGuards checks that non-members see nothing and that observers and
// emergency access cannot write.
func timelineGuards(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, observer *rotonde.User, ev timeline.Event, id int64) {
	ctx := context.Background()
	// Non-members see nothing; observers and emergency access cannot write.
	if _, err := db.Timeline.TimelineEvents(ctx, w.outsider, c.ID, timeline.Query{}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("outsider reads: %v", err)
	}
	if _, err := db.Timeline.TimelineEvent(ctx, w.admin, c.ID, id); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("admin reads one: %v", err)
	}
	obsEv := ev
	if _, err := db.Timeline.AddTimelineEvent(ctx, observer, c.ID, &obsEv); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("observer adds: %v", err)
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, observer, c.ID, id); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("observer deletes: %v", err)
	}
	bg := &rotonde.BreakGlass{CaseID: c.ID, Reason: "Onderzoek naar een melding van misbruik", ExpiresAt: db.Now().Add(time.Hour)}
	if err := db.Trust.BreakGlass(ctx, w.sysad, bg); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Timeline.TimelineEvents(ctx, w.sysad, c.ID, timeline.Query{}); err != nil {
		t.Errorf("emergency read: %v", err)
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.sysad, c.ID, id); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("emergency delete: %v", err)
	}
}

// timelineFamilyOwnEvents checks that the family adds only experiences and
// changes only their own events; it returns the id of the one they added.
func timelineFamilyOwnEvents(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, id int64) int64 {
	ctx := context.Background()
	// Family: own experiences only, and only their own events.
	fam := timeline.Event{Date: timeline.YearOf(2019), Kind: timeline.KindDecision, Source: timeline.SourceFamily, Description: "x"}
	if _, err := db.Timeline.AddTimelineEvent(ctx, w.family, c.ID, &fam); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("family adds a decision: %v", err)
	}
	fam = timeline.Event{Date: timeline.YearOf(2019), Kind: timeline.KindExperience, Source: timeline.SourceDossier, Description: "Niemand vroeg wat ik wilde"}
	famID, err := db.Timeline.AddTimelineEvent(ctx, w.family, c.ID, &fam)
	if err != nil || fam.Source != timeline.SourceFamily {
		t.Fatalf("family adds an experience: %v (source %q)", err, fam.Source)
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.family, c.ID, id); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("family deletes another's event: %v", err)
	}
	fam.Description = "Niemand vroeg wat ik wilde, ook later niet"
	if err := db.Timeline.UpdateTimelineEvent(ctx, w.family, c.ID, famID, &fam); err != nil {
		t.Errorf("family edits own: %v", err)
	}
	return famID
}

// timelineUpdateDeleteAndRefusals updates and deletes events and checks that
// invalid events are refused with nothing stored.
func timelineUpdateDeleteAndRefusals(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case, ev timeline.Event, id, famID int64) {
	ctx := context.Background()
	// Update and delete by a professional; an event of another case is not found.
	ev.Description = "Plaatsing in pleeggezin"
	if err := db.Timeline.UpdateTimelineEvent(ctx, w.colleague, c.ID, id, &ev); err != nil {
		t.Fatal(err)
	}
	if e, err := db.Timeline.TimelineEvent(ctx, w.owner, c.ID, id); err != nil || e.Event.Description != "Plaatsing in pleeggezin" {
		t.Errorf("after update: %+v %v", e, err)
	}
	c2 := w.ownerCase(t, db, "Ander (9)")
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.owner, c2.ID, id); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("delete through another case: %v", err)
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.owner, c.ID, famID); err != nil {
		t.Errorf("owner deletes: %v", err)
	}
	// Invalid input is refused with a message, nothing stored.
	for _, bad := range []timeline.Event{
		{Date: timeline.Date{Year: 2019, Month: 2, Day: 30, Precision: timeline.PrecisionDay}, Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "x"},
		{Date: timeline.YearOf(1850), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "x"},
		{Date: timeline.YearOf(2019), Kind: "anders", Source: timeline.SourceDossier, Description: "x"},
		{Date: timeline.YearOf(2019), Kind: timeline.KindEvent, Source: timeline.SourceDossier, Description: "  "},
	} {
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("bad event %+v: %v", bad, err)
		}
	}
	if all, _ := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{}); len(all) != 2 {
		t.Errorf("%d events after refusals, want 2", len(all))
	}
}

func TestTimelineImportAllOrNothing(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, observer := contentWorld(t, db)
		file := []byte("datum;soort;omschrijving\n2019-03;beslismoment;Aanmelding wijkteam\n")
		if _, err := db.Timeline.StageTimelineImport(ctx, observer, c.ID, "t.csv", file); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("observer stages: %v", err)
		}
		if _, err := db.Timeline.StageTimelineImport(ctx, w.family, c.ID, "t.csv", file); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family stages: %v", err)
		}
		id, err := db.Timeline.StageTimelineImport(ctx, w.owner, c.ID, "t.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		// Another member cannot see or confirm someone else's upload.
		if _, err := db.Timeline.PendingTimelineImport(ctx, w.colleague, c.ID, id); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("colleague reads pending: %v", err)
		}
		p, err := db.Timeline.PendingTimelineImport(ctx, w.owner, c.ID, id)
		if err != nil || !bytes.Equal(p.Data, file) || p.FileName != "t.csv" {
			t.Fatalf("pending: %+v %v", p, err)
		}
		if all, _ := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{}); len(all) != 0 {
			t.Fatalf("staging stored %d events", len(all))
		}
		evs := []timeline.Event{
			{ID: "a", Date: timeline.MonthOf(2019, 3), Kind: timeline.KindDecision, Source: timeline.SourceDossier, Description: "ok"},
			{ID: "b", Date: timeline.Date{Year: 2019, Month: 13, Precision: timeline.PrecisionMonth}, Kind: timeline.KindDecision, Source: timeline.SourceDossier, Description: "bad"},
		}
		if err := db.Timeline.ConfirmTimelineImport(ctx, w.owner, c.ID, id, evs); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("confirm with a bad event: %v", err)
		}
		if all, _ := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{}); len(all) != 0 {
			t.Fatalf("half-written import: %d events", len(all))
		}
		if err := db.Timeline.ConfirmTimelineImport(ctx, w.colleague, c.ID, id, evs[:1]); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("colleague confirms: %v", err)
		}
		if err := db.Timeline.ConfirmTimelineImport(ctx, w.owner, c.ID, id, evs[:1]); err != nil {
			t.Fatal(err)
		}
		if err := db.Timeline.ConfirmTimelineImport(ctx, w.owner, c.ID, id, evs[:1]); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("second confirm: %v", err)
		}
		all, _ := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{})
		if len(all) != 1 || all[0].ExtID != "a" {
			t.Fatalf("after confirm: %+v", all)
		}
		// Expired files are gone.
		id2, err := db.Timeline.StageTimelineImport(ctx, w.owner, c.ID, "t.csv", file)
		if err != nil {
			t.Fatal(err)
		}
		real := db.Now
		db.Now = func() time.Time { return real().Add(sqldb.ImportTTL + time.Minute) }
		defer func() { db.Now = real }()
		if _, err := db.Timeline.PendingTimelineImport(ctx, w.owner, c.ID, id2); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("expired pending: %v", err)
		}
		if err := db.Timeline.ConfirmTimelineImport(ctx, w.owner, c.ID, id2, evs[:1]); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("expired confirm: %v", err)
		}
		db.Now = real
		// Bulk: batches of different sizes land complete and in order.
		many := make([]timeline.Event, 451)
		for i := range many {
			many[i] = timeline.Event{ID: fmt.Sprint("m", i), Date: timeline.Day(2020, 1+i%12, 1+i%28), Kind: timeline.KindContact,
				Source: timeline.SourceDossier, Description: fmt.Sprint("contact ", i), Organisations: []string{fmt.Sprint("org", i%3)}}
		}
		if err := db.Timeline.AddTimelineEvents(ctx, w.owner, c.ID, many); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Timeline.TimelineEvents(ctx, w.owner, c.ID, timeline.Query{Organisation: "ORG1"}); len(got) != 150 {
			t.Errorf("org1: %d events, want 150", len(got))
		}
		if err := db.Timeline.AddTimelineEvents(ctx, observer, c.ID, many[:1]); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("observer bulk: %v", err)
		}
	})
}

func TestDreamAnswers(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, observer := contentWorld(t, db)
		if err := db.Dreams.SaveDreamAnswers(ctx, w.family, c.ID, []rotonde.DreamAnswer{{QuestionKey: "dreams", Answer: "  Een eigen kamer en een hond  "}}); err != nil {
			t.Fatal(err)
		}
		if err := db.Dreams.SaveDreamAnswers(ctx, w.owner, c.ID, []rotonde.DreamAnswer{
			{QuestionKey: "dreams", Answer: "Een eigen kamer en een hond"}, // unchanged: keeps the family's name
			{QuestionKey: "asks-of-me", ForUser: w.owner.ID, Answer: "Geduld"},
		}); err != nil {
			t.Fatal(err)
		}
		got, err := db.Dreams.DreamAnswers(ctx, observer, c.ID)
		if err != nil || len(got) != 2 {
			t.Fatalf("answers %+v %v", got, err)
		}
		if got[1].QuestionKey != "dreams" || got[1].WrittenBy != w.family.ID || got[1].WrittenName != "Ouder" || got[1].Answer != "Een eigen kamer en een hond" {
			t.Errorf("dream answer %+v", got[1])
		}
		if got[0].ForUser != w.owner.ID {
			t.Errorf("own answer %+v", got[0])
		}
		for _, tc := range []struct {
			who  *rotonde.User
			a    rotonde.DreamAnswer
			code rotonde.ErrorCode
		}{
			{observer, rotonde.DreamAnswer{QuestionKey: "dreams", Answer: "x"}, rotonde.EForbidden},
			{w.family, rotonde.DreamAnswer{QuestionKey: "asks-of-me", ForUser: w.family.ID, Answer: "x"}, rotonde.EForbidden},
			{w.colleague, rotonde.DreamAnswer{QuestionKey: "asks-of-me", ForUser: w.owner.ID, Answer: "x"}, rotonde.EForbidden},
			{w.outsider, rotonde.DreamAnswer{QuestionKey: "dreams", Answer: "x"}, rotonde.ENotFound},
			{w.owner, rotonde.DreamAnswer{QuestionKey: "Bad Key!", Answer: "x"}, rotonde.EInvalid},
		} {
			if err := db.Dreams.SaveDreamAnswers(ctx, tc.who, c.ID, []rotonde.DreamAnswer{tc.a}); rotonde.ErrorCodeOf(err) != tc.code {
				t.Errorf("%s saves %+v: %v, want %s", tc.who.Email, tc.a, err, tc.code)
			}
		}
		// An empty answer removes it.
		if err := db.Dreams.SaveDreamAnswers(ctx, w.owner, c.ID, []rotonde.DreamAnswer{{QuestionKey: "dreams"}}); err != nil {
			t.Fatal(err)
		}
		if got, _ := db.Dreams.DreamAnswers(ctx, w.owner, c.ID); len(got) != 1 {
			t.Errorf("after clearing: %+v", got)
		}
	})
}
