package sqldb_test

import (
	"context"
	"crypto/sha256"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

func hash(s string) []byte { h := sha256.Sum256([]byte(s)); return h[:] }

// meetingWorld is a case with a facilitator (owner), a family member and an
// outsider, and a draft meeting with card 1 and the two-groups perspective switch.
func meetingWorld(t *testing.T, db *sqldb.DB) (*world, *rotonde.Case, *meeting.Meeting) {
	t.Helper()
	ctx := context.Background()
	w := newWorld(t, db)
	c := w.caseWithFamily(t, db, "Sam (12)")
	m := &meeting.Meeting{CaseID: c.ID, Title: "Leerbijeenkomst 1"}
	if err := db.Meetings.CreateMeeting(ctx, w.owner, m); err != nil {
		t.Fatal(err)
	}
	lib, err := method.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, card := range []struct{ key, variant string }{{"facilitator", ""}, {"perspective-switch", "two-groups"}} {
		steps, err := meeting.StepsForCard(lib, card.key, card.variant)
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Meetings.AddSteps(ctx, w.owner, m.ID, steps); err != nil {
			t.Fatal(err)
		}
	}
	return w, c, m
}

func TestMeetingLifecycle(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		w, _, m := meetingWorld(t, db)
		code := meetingAccessAndStart(t, db, w, m)
		guest := meetingGuestJoins(t, db, w, m, code)
		meetingStepsAndCaptures(t, db, w, m, guest)
		meetingSnapshotAndEvents(t, db, w, m)
		meetingClosed(t, db, w, m, code, guest)
	})
}

// meetingAccessAndStart checks who reaches the meeting and may start it,
// prepares and starts it; it returns the join code.
func meetingAccessAndStart(t *testing.T, db *sqldb.DB, w *world, m *meeting.Meeting) string {
	ctx := context.Background()
	// Only members of the case see it; a family member may not facilitate.
	for _, u := range []*rotonde.User{w.colleague, w.outsider, w.sysad, w.admin} {
		if _, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: u}, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("%s reaches the meeting: %v", u.Email, err)
		}
	}
	if _, err := db.Meetings.StartMeeting(ctx, w.family, m.ID, "ABCDEF"); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("family member starts the meeting: %v", err)
	}
	if err := db.Meetings.SavePrep(ctx, w.owner, m.ID, meeting.Prep{Answers: map[string]string{"values": "nieuwsgierigheid"}, CoFacilitator: "collega"}); err != nil {
		t.Fatal(err)
	}
	if err := db.Meetings.EditSteps(ctx, w.owner, m.ID, []meeting.StepEdit{{Position: 1, Minutes: 7, Anonymous: true}}); err != nil {
		t.Fatal(err)
	}
	code := meeting.NewJoinCode()
	if _, err := db.Meetings.StartMeeting(ctx, w.owner, m.ID, code); err != nil {
		t.Fatal(err)
	}
	return code
}

// meetingGuestJoins lets a guest join with the code, wait, be admitted and
// capture; it returns the guest.
func meetingGuestJoins(t *testing.T, db *sqldb.DB, w *world, m *meeting.Meeting, code string) meeting.Viewer {
	ctx := context.Background()
	// A guest joins with the code and waits; a stranger's cookie gets nothing.
	mid, _, err := db.Meetings.JoinByCode(ctx, strings.ToLower(code[:3])+" "+code[3:], nil, "oma (m)", hash("guest"))
	if err != nil || mid != m.ID {
		t.Fatalf("join by code: %d %v", mid, err)
	}
	ga, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{GuestHash: hash("guest")}, m.ID)
	if err != nil || !ga.Guest || ga.Participant.Admitted {
		t.Fatalf("guest access before admission: %+v %v", ga, err)
	}
	if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{GuestHash: hash("guest")}, &meeting.Capture{MeetingID: m.ID, Kind: meeting.Insight, Body: "x"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
		t.Errorf("waiting guest captures: %v", err)
	}
	if _, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{GuestHash: hash("other")}, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("unknown guest token: %v", err)
	}
	if _, err := db.Meetings.Admit(ctx, w.owner, m.ID, ga.Participant.ID); err != nil {
		t.Fatal(err)
	}
	guest := meeting.Viewer{GuestHash: hash("guest")}
	if _, err := db.Meetings.AddCapture(ctx, guest, &meeting.Capture{MeetingID: m.ID, StepPosition: 0, Kind: meeting.Insight, Body: "We lopen parallel"}); err != nil {
		t.Fatal(err)
	}
	return guest
}

// meetingStepsAndCaptures checks captures against the current step, stale
// navigation, anonymous steps, small steps and the film check.
func meetingStepsAndCaptures(t *testing.T, db *sqldb.DB, w *world, m *meeting.Meeting, guest meeting.Viewer) {
	ctx := context.Background()
	// A step ahead is refused and nothing is stored.
	if _, err := db.Meetings.AddCapture(ctx, guest, &meeting.Capture{MeetingID: m.ID, StepPosition: 3, Kind: meeting.Insight, Body: "te vroeg"}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("capture for a later step: %v", err)
	}
	// Stale navigation: two clicks on "next" from step 0 move once.
	if _, err := db.Meetings.MoveStep(ctx, w.owner, m.ID, 0, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.MoveStep(ctx, w.owner, m.ID, 0, 1); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
		t.Errorf("stale move: %v", err)
	}
	// Step 1 is anonymous: no author is stored, even for a member.
	fam := meeting.Viewer{User: w.family}
	if _, err := db.Meetings.AddCapture(ctx, fam, &meeting.Capture{MeetingID: m.ID, StepPosition: 1, Kind: meeting.Dilemma, Body: "Wie beslist?"}); err != nil {
		t.Fatal(err)
	}
	// A small step from a guest lands in the case.
	if _, err := db.Meetings.AddCapture(ctx, guest, &meeting.Capture{MeetingID: m.ID, StepPosition: 1, Kind: meeting.SmallStep, Body: "Oma belt school"}); err != nil {
		t.Fatal(err)
	}
	if steps, err := db.Progress.Steps(ctx, w.owner, m.CaseID); err != nil || len(steps) != 1 || steps[0].Title != "Oma belt school" {
		t.Errorf("case small steps: %+v %v", steps, err)
	}
	if _, err := db.Meetings.OpenFilmCheck(ctx, w.owner, m.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.AnswerFilm(ctx, fam, m.ID, meeting.FilmNotYet); err != nil {
		t.Fatal(err)
	}
}

// meetingSnapshotAndEvents checks the facilitator's snapshot and the
// numbering of the meeting's events.
func meetingSnapshotAndEvents(t *testing.T, db *sqldb.DB, w *world, m *meeting.Meeting) {
	ctx := context.Background()
	owner := meeting.Viewer{User: w.owner}
	snap, a, err := db.Meetings.MeetingSnapshot(ctx, owner, m.ID)
	if err != nil || !a.Facilitate {
		t.Fatalf("snapshot: %v %+v", err, a)
	}
	if len(snap.Captures) != 3 || snap.Captures[0].AuthorName != "oma (m)" || snap.Captures[1].AuthorName != "" || !snap.Captures[1].Anonymous {
		t.Errorf("captures: %+v", snap.Captures)
	}
	if snap.Meeting.Prep.Answers["values"] != "nieuwsgierigheid" || snap.Steps[1].Minutes != 7 || len(snap.Participants) != 3 {
		t.Errorf("snapshot: %+v", snap)
	}
	evs, err := db.Meetings.MeetingEvents(ctx, m.ID, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range evs {
		if e.Seq != int64(i+1) {
			t.Fatalf("event numbers not 1..n: %+v", evs)
		}
		if e.Kind == meeting.EvCapture && strings.Contains(string(e.Payload), "Moeder") {
			t.Errorf("anonymous capture carries an author: %s", e.Payload)
		}
	}
	if last, _ := db.Meetings.MeetingLastSeq(ctx, m.ID); last != int64(len(evs)) {
		t.Errorf("last seq %d, %d events", last, len(evs))
	}
}

// meetingClosed closes the meeting and checks that the code and the
// guest's token end with it.
func meetingClosed(t *testing.T, db *sqldb.DB, w *world, m *meeting.Meeting, code string, guest meeting.Viewer) {
	ctx := context.Background()
	// Closing ends the code with its own message.
	if _, err := db.Meetings.CloseMeeting(ctx, w.owner, m.ID, "Terugkoppeling aan moeder door Eigenaar"); err != nil {
		t.Fatal(err)
	}
	_, _, err := db.Meetings.JoinByCode(ctx, code, nil, "buurvrouw", hash("late"))
	if rotonde.ErrorCodeOf(err) != rotonde.ENotFound || !strings.Contains(err.Error(), "ended") {
		t.Errorf("code of a closed meeting: %v", err)
	}
	if _, _, err := db.Meetings.JoinByCode(ctx, "ZZZZZZ", nil, "x", hash("z")); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("unknown code: %v", err)
	}
	// The guest's token ended with the meeting: nothing to read or write.
	if _, err := db.Meetings.AddCapture(ctx, guest, &meeting.Capture{MeetingID: m.ID, StepPosition: 1, Kind: meeting.Insight, Body: "na afloop"}); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("guest captures after close: %v", err)
	}
	if _, err := db.Meetings.MeetingAccess(ctx, guest, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("guest token works after close: %v", err)
	}
	if _, _, err := db.Meetings.MeetingSnapshot(ctx, guest, m.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
		t.Errorf("guest reads the meeting after close: %v", err)
	}
	if _, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: w.owner}, m.ID); err != nil {
		t.Errorf("member reads the closed meeting: %v", err)
	}
}

func TestGuestInvitationWorksOnce(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, _, m := meetingWorld(t, db)
		if _, err := db.Meetings.InviteGuest(ctx, w.family, m.ID, "buurvrouw", hash("inv"), time.Now().Add(time.Hour)); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family member invites: %v", err)
		}
		if _, err := db.Meetings.InviteGuest(ctx, w.owner, m.ID, "buurvrouw", hash("inv"), time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		mid, err := db.Meetings.AcceptGuestInvite(ctx, hash("inv"), hash("tok"), time.Now())
		if err != nil || mid != m.ID {
			t.Fatalf("accept: %d %v", mid, err)
		}
		if _, err := db.Meetings.AcceptGuestInvite(ctx, hash("inv"), hash("tok2"), time.Now()); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("second use: %v", err)
		}
		a, err := db.Meetings.MeetingAccess(ctx, meeting.Viewer{GuestHash: hash("tok")}, m.ID)
		if err != nil || !a.Participant.Admitted || a.Facilitate {
			t.Errorf("invited guest: %+v %v", a, err)
		}
		if _, err := db.Meetings.InviteGuest(ctx, w.owner, m.ID, "oud", hash("old"), time.Now().Add(-time.Minute)); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.AcceptGuestInvite(ctx, hash("old"), hash("tok3"), time.Now()); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("expired invitation: %v", err)
		}
	})
}

func TestMeetingLinksOnlyItsOwnCasesRound(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		lib, _ := method.Load()
		field := lib.FieldsInSet(method.SetCore)[0].Key
		own := &tension.Round{Name: "ronde 1", CaseID: c.ID, Fields: []string{field}}
		if err := db.Tension.OpenRound(ctx, w.owner, own); err != nil {
			t.Fatal(err)
		}
		other := &rotonde.Case{Title: "Ander (9)"}
		if err := db.Cases.CreateCase(ctx, w.owner, other); err != nil {
			t.Fatal(err)
		}
		foreign := &tension.Round{Name: "ronde elders", CaseID: other.ID, Fields: []string{field}}
		if err := db.Tension.OpenRound(ctx, w.owner, foreign); err != nil {
			t.Fatal(err)
		}
		if err := db.Meetings.LinkTensionRound(ctx, w.owner, m.ID, foreign.ID); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("round of another case linked: %v", err)
		}
		if err := db.Meetings.LinkTensionRound(ctx, w.family, m.ID, own.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family member links: %v", err)
		}
		if err := db.Meetings.LinkTensionRound(ctx, w.owner, m.ID, own.ID); err != nil {
			t.Fatal(err)
		}
		a, _ := db.Meetings.MeetingAccess(ctx, meeting.Viewer{User: w.owner}, m.ID)
		if a.Meeting.TensionRoundID != own.ID {
			t.Errorf("linked round %d, want %d", a.Meeting.TensionRoundID, own.ID)
		}
	})
}

// Closing a case meeting freezes the case's timeline and geno-sociogram:
// what is added afterwards stays out of the meeting's picture, a second
// close keeps the first picture, and reading it needs access to the case
// now (a member who left no longer sees it).
func TestClosingFreezesTheCaseSnapshot(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &timeline.Event{Date: timeline.Day(2025, 3, 1), Kind: timeline.KindContact, Lane: timeline.LaneProfessional, Source: timeline.SourceDossier, Description: "Intake wijkteam"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, &genogram.Person{Alias: "Sam (12)", Index: true, BirthYear: 2013}); err != nil {
			t.Fatal(err)
		}
		if _, ok, err := db.Meetings.MeetingCaseSnapshot(ctx, w.owner, m.ID, c.ID); err != nil || ok {
			t.Fatalf("snapshot of an open meeting: %v %v", ok, err)
		}
		if _, err := db.Meetings.StartMeeting(ctx, w.owner, m.ID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.CloseMeeting(ctx, w.owner, m.ID, ""); err != nil {
			t.Fatal(err)
		}
		// The case moves on after the meeting.
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, &timeline.Event{Date: timeline.Day(2025, 6, 1), Kind: timeline.KindContact, Lane: timeline.LaneProfessional, Source: timeline.SourceDossier, Description: "Na de bijeenkomst"}); err != nil {
			t.Fatal(err)
		}
		if err := db.Genogram.SavePerson(ctx, w.owner, c.ID, &genogram.Person{Alias: "nieuwe stiefvader"}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.CloseMeeting(ctx, w.owner, m.ID, "Terugkoppeling bijgewerkt"); err != nil {
			t.Fatal(err)
		}
		snap, ok, err := db.Meetings.MeetingCaseSnapshot(ctx, w.family, m.ID, c.ID)
		if err != nil || !ok {
			t.Fatalf("snapshot after close: %v %v", ok, err)
		}
		if len(snap.Events) != 1 || snap.Events[0].Description != "Intake wijkteam" || snap.Events[0].Date != timeline.Day(2025, 3, 1) {
			t.Errorf("frozen timeline: %+v", snap.Events)
		}
		if snap.Genogram == nil || len(snap.Genogram.Persons) != 1 || snap.Genogram.Persons[0].Alias != "Sam (12)" || !snap.Genogram.Persons[0].Index {
			t.Errorf("frozen genogram: %+v", snap.Genogram)
		}
		if snap.TakenAt.IsZero() {
			t.Error("snapshot without a time")
		}
		// Access to the case decides, now.
		for _, u := range []*rotonde.User{w.outsider, w.colleague, w.sysad} {
			if _, _, err := db.Meetings.MeetingCaseSnapshot(ctx, u, m.ID, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
				t.Errorf("%s reads the snapshot: %v", u.Email, err)
			}
		}
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.family.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := db.Meetings.MeetingCaseSnapshot(ctx, w.family, m.ID, c.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("former member reads the snapshot: %v", err)
		}
	})
}

// A planned meeting is an invitation: the members of the case see it among
// their upcoming meetings (live ones first), outsiders and former members
// do not, and a closed or long-past meeting drops off. Only the facilitator
// plans, and a bad plan stores nothing.
func TestPlannedMeetingsAreUpcomingForMembersOnly(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		at := time.Now().Add(48 * time.Hour).Truncate(time.Minute)
		if err := db.Meetings.PlanMeeting(ctx, w.family, m.ID, meeting.Plan{At: at}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("family member plans: %v", err)
		}
		for _, bad := range []meeting.Plan{{At: time.Now().AddDate(0, 0, -3)}, {At: at, Place: strings.Repeat("x", 400)}} {
			if err := db.Meetings.PlanMeeting(ctx, w.owner, m.ID, bad); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
				t.Errorf("bad plan %v: %v", bad.At, err)
			}
		}
		if up, _ := db.Meetings.UpcomingMeetings(ctx, w.family); len(up) != 0 {
			t.Fatalf("an unplanned draft is upcoming: %+v", up)
		}
		if err := db.Meetings.PlanMeeting(ctx, w.owner, m.ID, meeting.Plan{At: at, Place: "https://video.example/noor"}); err != nil {
			t.Fatal(err)
		}
		// A second meeting of the case, live now.
		live := &meeting.Meeting{CaseID: c.ID, Title: "Nu bezig"}
		if err := db.Meetings.CreateMeeting(ctx, w.owner, live); err != nil {
			t.Fatal(err)
		}
		lib, _ := method.Load()
		steps, _ := meeting.StepsForCard(lib, "phases", "")
		if err := db.Meetings.AddSteps(ctx, w.owner, live.ID, steps); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.StartMeeting(ctx, w.owner, live.ID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		up, err := db.Meetings.UpcomingMeetings(ctx, w.family)
		if err != nil || len(up) != 2 || up[0].ID != live.ID || up[1].ID != m.ID || !up[1].PlannedAt.Equal(at) ||
			up[1].Place != "https://video.example/noor" || up[1].CaseTitle != "Sam (12)" {
			t.Fatalf("family's upcoming: %+v %v", up, err)
		}
		for _, u := range []*rotonde.User{w.outsider, w.colleague, w.sysad} {
			if up, _ := db.Meetings.UpcomingMeetings(ctx, u); len(up) != 0 {
				t.Errorf("%s sees upcoming meetings: %+v", u.Email, up)
			}
		}
		// Closed, or planned long ago: no longer upcoming.
		if _, err := db.Meetings.CloseMeeting(ctx, w.owner, live.ID, ""); err != nil {
			t.Fatal(err)
		}
		if err := db.Meetings.PlanMeeting(ctx, w.owner, live.ID, meeting.Plan{At: at}); rotonde.ErrorCodeOf(err) != rotonde.EConflict {
			t.Errorf("planning a closed meeting: %v", err)
		}
		if err := db.WriteTx(ctx, func(tx *sqldb.Tx) error {
			_, err := tx.Exec(ctx, `UPDATE meetings SET planned_at = ? WHERE id = ?`, time.Now().AddDate(0, 0, -5).UTC(), m.ID)
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if up, _ := db.Meetings.UpcomingMeetings(ctx, w.owner); len(up) != 0 {
			t.Errorf("past and closed meetings upcoming: %+v", up)
		}
		// Clearing a plan, and membership ending, both hide it.
		if err := db.Meetings.PlanMeeting(ctx, w.owner, m.ID, meeting.Plan{At: at}); err != nil {
			t.Fatal(err)
		}
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.family.ID); err != nil {
			t.Fatal(err)
		}
		if up, _ := db.Meetings.UpcomingMeetings(ctx, w.family); len(up) != 0 {
			t.Errorf("former member sees: %+v", up)
		}
		if err := db.Meetings.PlanMeeting(ctx, w.owner, m.ID, meeting.Plan{}); err != nil {
			t.Fatal(err)
		}
		if up, _ := db.Meetings.UpcomingMeetings(ctx, w.owner); len(up) != 0 {
			t.Errorf("cleared plan still upcoming: %+v", up)
		}
	})
}
