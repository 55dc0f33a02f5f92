package sqldb_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/search"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// hitKeys lists hits as kind:id, in the order they came.
func hitKeys(hits []search.Hit) []string {
	out := []string{}
	for _, h := range hits {
		out = append(out, fmt.Sprintf("%s:%d", h.Kind, h.ID))
	}
	return out
}

func mustSearch(t *testing.T, db *sqldb.DB, u *rotonde.User, q string, kind search.Kind) []search.Hit {
	t.Helper()
	hits, err := db.Search.Search(context.Background(), u, q, kind, 50)
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	return hits
}

func searchEvent(desc string) *timeline.Event {
	return &timeline.Event{Date: timeline.MonthOf(2019, 3), Kind: timeline.KindDecision, Source: timeline.SourceDossier, Lane: timeline.LaneProfessional, Description: desc}
}

// A write is findable as soon as it is acknowledged; an update and a
// delete are followed at once, in the same transaction as the change.
func TestSearchIsFreshAfterEveryWrite(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Sam (12)", Reason: "Zorgen over schoolverzuim en ruzie thuis"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		if got := hitKeys(mustSearch(t, db, w.owner, "schoolverzuim", "")); !slices.Equal(got, []string{fmt.Sprintf("case:%d", c.ID)}) {
			t.Fatalf("new case: %v", got)
		}
		checkEventSearchFresh(t, db, w, c)
		checkContentSearchFresh(t, db, w, c)

		// Reindexing gives the same answers.
		before := hitKeys(mustSearch(t, db, w.owner, "sam", ""))
		if err := db.Search.Reindex(ctx); err != nil {
			t.Fatal(err)
		}
		after := hitKeys(mustSearch(t, db, w.owner, "sam", ""))
		slices.Sort(before)
		slices.Sort(after)
		if !slices.Equal(before, after) || len(after) < 2 {
			t.Errorf("reindex changed the answers: %v → %v", before, after)
		}
	})
}

// checkEventSearchFresh checks that an event is found once added, updated,
// deleted and restored from the trash.
func checkEventSearchFresh(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) {
	t.Helper()
	ctx := context.Background()
	e := searchEvent("Uithuisplaatsing besproken met de jeugdbeschermer")
	id, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, e)
	if err != nil {
		t.Fatal(err)
	}
	hits := mustSearch(t, db, w.owner, "uithuisplaatsing jeugdbeschermer", "")
	if got := hitKeys(hits); !slices.Equal(got, []string{fmt.Sprintf("event:%d", id)}) {
		t.Fatalf("new event: %v", got)
	}
	h := hits[0]
	if h.CaseID != c.ID || !strings.Contains(h.URL, fmt.Sprintf("/casussen/%d/tijdlijn", c.ID)) || len(h.Snippet.Spans) != 2 ||
		!strings.Contains(string(h.Snippet.HTML()), "<mark>Uithuisplaatsing</mark>") {
		t.Errorf("hit: %+v %s", h, h.Snippet.HTML())
	}

	e2 := searchEvent("Terugplaatsing bij moeder besproken")
	if err := db.Timeline.UpdateTimelineEvent(ctx, w.owner, c.ID, id, e2); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, db, w.owner, "uithuisplaatsing", ""); len(got) != 0 {
		t.Errorf("old text still found after an update: %v", hitKeys(got))
	}
	if got := mustSearch(t, db, w.owner, "terugplaatsing", ""); len(got) != 1 {
		t.Errorf("new text not found after an update: %v", hitKeys(got))
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.owner, c.ID, id); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, db, w.owner, "terugplaatsing", ""); len(got) != 0 {
		t.Errorf("deleted event still found: %v", hitKeys(got))
	}
	// Put back from the trash, it is found again.
	trashed, err := db.Trash.Trash(ctx, w.owner, c.ID)
	if err != nil || len(trashed) != 1 {
		t.Fatalf("trash: %v %v", trashed, err)
	}
	if _, err := db.Trash.RestoreTrash(ctx, w.owner, c.ID, trashed[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, db, w.owner, "terugplaatsing", ""); len(got) != 1 {
		t.Errorf("restored event not found: %v", hitKeys(got))
	}
	if err := db.Timeline.DeleteTimelineEvent(ctx, w.owner, c.ID, id); err != nil {
		t.Fatal(err)
	}
}

// checkContentSearchFresh checks bulk imports, insights, the dream and the
// method library.
func checkContentSearchFresh(t *testing.T, db *sqldb.DB, w *world, c *rotonde.Case) {
	t.Helper()
	ctx := context.Background()
	// Bulk imports, insights and the dream.
	if err := db.Timeline.AddTimelineEvents(ctx, w.owner, c.ID, []timeline.Event{*searchEvent("Melding veilig thuis"), *searchEvent("Gesprek met de mentor")}); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, db, w.owner, "mentor", search.KindEvent); len(got) != 1 {
		t.Errorf("imported event: %v", hitKeys(got))
	}
	in := &rotonde.Insight{CaseID: c.ID, Body: "Wij praten over Sam in plaats van met hem"}
	if err := db.Progress.AddInsight(ctx, w.owner, in); err != nil {
		t.Fatal(err)
	}
	if got := hitKeys(mustSearch(t, db, w.owner, "praten sam", "")); !slices.Contains(got, fmt.Sprintf("insight:%d", in.ID)) {
		t.Errorf("insight: %v", got)
	}
	if got := hitKeys(mustSearch(t, db, w.owner, "praten", search.KindCase)); len(got) != 0 {
		t.Errorf("kind filter: %v", got)
	}
	lib, err := sqldb.StandardLibrary()
	if err != nil {
		t.Fatal(err)
	}
	key := lib.Dream.Child[0].Key
	if err := db.Dreams.SaveDreamAnswers(ctx, w.owner, c.ID, []rotonde.DreamAnswer{{QuestionKey: key, Answer: "Dat Sam weer voetbalt"}}); err != nil {
		t.Fatal(err)
	}
	if got := hitKeys(mustSearch(t, db, w.owner, "voetbalt", "")); !slices.Equal(got, []string{fmt.Sprintf("dream:%d", c.ID)}) {
		t.Errorf("dream: %v", got)
	}
	if err := db.Dreams.SaveDreamAnswers(ctx, w.owner, c.ID, []rotonde.DreamAnswer{{QuestionKey: key, Answer: ""}}); err != nil {
		t.Fatal(err)
	}
	if got := mustSearch(t, db, w.owner, "voetbalt", ""); len(got) != 0 {
		t.Errorf("emptied dream still found: %v", hitKeys(got))
	}

	// The method library is found by everyone signed in.
	if got := mustSearch(t, db, w.family, lib.Cards[0].Title.NL, search.KindMethod); len(got) == 0 {
		t.Errorf("method card %q not found", lib.Cards[0].Title.NL)
	}
}

// Search follows the case pages' policy inside the query: a non-member, a
// former member and a member of another organisation whose ground was
// withdrawn get no hit and no count; an anonymous capture never shows its
// author.
func TestSearchPolicyInsideTheQuery(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w, c, m := meetingWorld(t, db)
		for _, e := range []string{w.colleague.Email} {
			if err := db.Cases.AddMember(ctx, w.owner, c.ID, e, rotonde.MemberProfessional); err != nil {
				t.Fatal(err)
			}
		}
		ground := recordConsent(t, db, w.owner, c.ID, 14, "Sam en moeder")
		if err := db.Cases.AddMember(ctx, w.owner, c.ID, w.outsider.Email, rotonde.MemberFacilitator); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, c.ID, searchEvent("Gezinshuis gevonden in Zwolle")); err != nil {
			t.Fatal(err)
		}
		if err := db.Meetings.EditSteps(ctx, w.owner, m.ID, []meeting.StepEdit{{Position: 0, Minutes: 5, Anonymous: true}}); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.StartMeeting(ctx, w.owner, m.ID, meeting.NewJoinCode()); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: w.family}, &meeting.Capture{MeetingID: m.ID, StepPosition: 0, Kind: meeting.Observation, Body: "Zwolle is ver weg voor oma"}); err != nil {
			t.Fatal(err)
		}
		members := []*rotonde.User{w.owner, w.colleague, w.outsider, w.family}
		for _, u := range members {
			hits := mustSearch(t, db, u, "zwolle", "")
			kinds := map[search.Kind]int{}
			for _, h := range hits {
				kinds[h.Kind]++
				if h.CaseID != c.ID {
					t.Errorf("%s finds case %d: %v", u.Email, h.CaseID, hitKeys(hits))
				}
				if strings.Contains(h.Title+h.Snippet.Text, "Ouder") {
					t.Errorf("%s sees the author of an anonymous capture: %+v", u.Email, h)
				}
			}
			if kinds[search.KindEvent] != 1 || kinds[search.KindCapture] != 1 {
				t.Errorf("%s: %v", u.Email, hitKeys(hits))
			}
		}
		// The family member wrote it; searching for their name finds nothing of the capture.
		if got := mustSearch(t, db, w.owner, "ouder", search.KindCapture); len(got) != 0 {
			t.Errorf("anonymous capture found by its author's name: %v", hitKeys(got))
		}
		// Only the owner is a member of another case.
		other := w.ownerCase(t, db, "Noor (9)")
		if _, err := db.Timeline.AddTimelineEvent(ctx, w.owner, other.ID, searchEvent("Zwolle als mogelijke plek")); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.owner, "zwolle plek", ""); len(got) != 1 || got[0].CaseID != other.ID {
			t.Errorf("owner, other case: %v", hitKeys(got))
		}
		for _, u := range []*rotonde.User{w.admin, w.sysad} {
			if got := mustSearch(t, db, u, "zwolle", ""); len(got) != 0 {
				t.Errorf("non-member %s finds %v", u.Email, hitKeys(got))
			}
		}
		// The ground is withdrawn: the member of another organisation finds nothing.
		if err := db.Trust.WithdrawGround(ctx, w.family, c.ID, ground.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.outsider, "zwolle", ""); len(got) != 0 {
			t.Errorf("member without a ground in force finds %v", hitKeys(got))
		}
		// A former member finds nothing.
		if err := db.Cases.RemoveMember(ctx, w.owner, c.ID, w.colleague.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.colleague, "zwolle", ""); len(got) != 0 {
			t.Errorf("former member finds %v", hitKeys(got))
		}
		// A disabled account finds nothing at all.
		disabled := *w.owner
		disabled.Disabled = true
		if got := mustSearch(t, db, &disabled, "zwolle", ""); len(got) != 0 {
			t.Errorf("disabled account finds %v", hitKeys(got))
		}
	})
}

// Both engines store the terms analysed in Go and give the same answers,
// in the same order, for the same data.
func TestSearchSameAnswersOnBothEngines(t *testing.T) {
	answers := map[string][]string{}
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		words := []string{"school", "thuis", "moeder", "vader", "zorg", "gesprek", "jeugdhulp", "veiligheid", "oma", "voetbal"}
		var out []string
		for i := range 6 {
			c := &rotonde.Case{Title: fmt.Sprintf("Casus %d", i), Reason: words[i] + " " + words[(i+3)%len(words)]}
			if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
				t.Fatal(err)
			}
			var evs []timeline.Event
			for j := range 12 {
				evs = append(evs, *searchEvent(fmt.Sprintf("%s en %s, deel %d", words[(i+j)%len(words)], words[(i*j+1)%len(words)], j)))
			}
			if err := db.Timeline.AddTimelineEvents(ctx, w.owner, c.ID, evs); err != nil {
				t.Fatal(err)
			}
		}
		for _, q := range []string{"school", "thuis moeder", "jeugdhulp veiligheid", "oma", "niets hiervan", "zorg gesprek deel"} {
			hits := mustSearch(t, db, w.owner, q, "")
			var snippets []string
			for _, h := range hits {
				snippets = append(snippets, string(h.Snippet.HTML()))
			}
			out = append(out, q+" → "+strings.Join(hitKeys(hits), " ")+" | "+strings.Join(snippets, " "))
		}
		answers[string(db.Dialect())] = out
	})
	a, b := answers[string(sqldb.SQLite)], answers[string(sqldb.Postgres)]
	if a == nil || b == nil {
		return // one engine only in this run
	}
	if !slices.Equal(a, b) {
		t.Errorf("engines differ:\nsqlite:   %q\npostgres: %q", a, b)
	}
}

// An organisation's synonyms widen its members' queries, and only theirs;
// only its administrators edit them.
func TestSearchSynonymsPerOrganisation(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Sam", Reason: "Besproken in de buurtteamroute"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.owner, "BTR", ""); len(got) != 0 {
			t.Fatalf("found before the synonym: %v", hitKeys(got))
		}
		if _, err := db.Search.AddSynonymGroup(ctx, w.owner, w.wijkteam.ID, []string{"BTR", "buurtteamroute"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("a professional edits synonyms: %v", err)
		}
		if _, err := db.Search.AddSynonymGroup(ctx, w.admin, w.aanbieder.ID, []string{"BTR", "buurtteamroute"}); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("an administrator edits another organisation's synonyms: %v", err)
		}
		if _, err := db.Search.AddSynonymGroup(ctx, w.admin, w.wijkteam.ID, []string{"BTR"}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Errorf("a group of one: %v", err)
		}
		id, err := db.Search.AddSynonymGroup(ctx, w.admin, w.wijkteam.ID, []string{"BTR", "buurtteamroute"})
		if err != nil {
			t.Fatal(err)
		}
		// The organisation's own abbreviation (not one of the field's
		// built-in synonyms) now finds the written-out word, highlighted.
		hits := mustSearch(t, db, w.owner, "BTR", "")
		if got := hitKeys(hits); !slices.Equal(got, []string{fmt.Sprintf("case:%d", c.ID)}) {
			t.Errorf("synonym: %v", got)
		} else if !strings.Contains(string(hits[0].Snippet.HTML()), "<mark>buurtteamroute</mark>") {
			t.Errorf("synonym not highlighted: %s", hits[0].Snippet.HTML())
		}
		if got := mustSearch(t, db, w.colleague, "buurtteamroute", ""); len(got) != 0 {
			t.Errorf("non-member finds the case: %v", hitKeys(got))
		}
		groups, err := db.Search.SynonymGroups(ctx, w.admin, w.wijkteam.ID)
		if err != nil || len(groups) != 1 || !slices.Equal(groups[0].Terms, []string{"BTR", "buurtteamroute"}) {
			t.Errorf("groups: %+v %v", groups, err)
		}
		if err := db.Search.DeleteSynonymGroup(ctx, w.admin, w.wijkteam.ID, id); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.owner, "BTR", ""); len(got) != 0 {
			t.Errorf("found after the synonym went: %v", hitKeys(got))
		}
	})
}

// A database that gets the search migration has what it already held
// indexed at once.
func TestSearchMigrationIndexesExistingContent(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Sam (12)", Reason: "Zorgen over schoolverzuim"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		// Back to the schema before search.
		// (Migration 33 changed the search tables: it goes too.)
		for _, q := range []string{`DROP TABLE search_term_docs`, `DROP TABLE search_synonyms`, `DROP TABLE search_terms`, `DROP TABLE search_docs`, `DELETE FROM schema_migrations WHERE version IN (24, 33)`} {
			if _, err := db.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := db.Migrate(ctx); err != nil || n != 2 {
			t.Fatalf("migrate: %d %v", n, err)
		}
		if got := hitKeys(mustSearch(t, db, w.owner, "schoolverzuim", "")); !slices.Equal(got, []string{fmt.Sprintf("case:%d", c.ID)}) {
			t.Errorf("after the migration: %v", got)
		}
	})
}

// Barriers and a case's stories are found by the case's members as soon as
// they are written, and no longer once a barrier is removed.
func TestSearchFindsBarriersAndStories(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		c := &rotonde.Case{Title: "Mo"}
		if err := db.Cases.CreateCase(ctx, w.owner, c); err != nil {
			t.Fatal(err)
		}
		b := &rotonde.Barrier{CaseID: c.ID, Kind: rotonde.BarrierWaiting, Explanation: "De wachtlijst voor het gezin bij de jeugd-ggz is negen maanden."}
		if err := db.Network.AddBarrier(ctx, w.owner, b); err != nil {
			t.Fatal(err)
		}
		st := &rotonde.Story{CaseID: c.ID, Title: "Wachten op hulp", Body: "Een gezin wachtte maandenlang op passende hulp."}
		if err := db.Network.SaveStory(ctx, w.owner, st); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.owner, "wachtlijsten", search.KindBarrier); len(got) != 1 || got[0].URL != fmt.Sprintf("/casussen/%d/randvoorwaarden", c.ID) {
			t.Fatalf("barrier: %v", got)
		}
		if got := mustSearch(t, db, w.owner, "gezinnen", search.KindStory); len(got) != 1 {
			t.Fatalf("story: %v", hitKeys(got))
		}
		for _, kind := range []search.Kind{search.KindBarrier, search.KindStory} {
			if got := mustSearch(t, db, w.colleague, "wachtlijst gezin", kind); len(got) != 0 {
				t.Fatalf("a non-member finds the case's %s: %v", kind, hitKeys(got))
			}
		}
		if err := db.Network.DeleteBarrier(ctx, w.owner, c.ID, b.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.owner, "wachtlijst", search.KindBarrier); len(got) != 0 {
			t.Fatalf("removed barrier still found: %v", hitKeys(got))
		}
	})
}

// What left its case is found by those who may read it there: a shared
// dilemma's paraphrase by every role that learns across cases (never its
// original words, never an unshared record), a published story by the
// region without its case, and no longer once it is withdrawn.
func TestSearchFindsWhatWasShared(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := newResearchWorld(t, db)
		family := testenv.MustUser(t, db, &rotonde.User{Email: "gezin@test", Name: "Gezin", Role: rotonde.RoleFamily}, "wachtwoord-lang-genoeg")
		if got := mustSearch(t, db, w.adminB, "budgetten", search.KindShared); len(got) != 1 || got[0].CaseID != 0 || got[0].URL != "/rode-draden" {
			t.Fatalf("a learner elsewhere finds the shared paraphrase: %+v", got)
		}
		for _, q := range []string{"Sanne", "Tiel", "geheim"} {
			if got := mustSearch(t, db, w.adminB, q, ""); len(got) != 0 {
				t.Fatalf("%q: original words or an unshared record found outside the case: %v", q, hitKeys(got))
			}
		}
		if got := mustSearch(t, db, family, "budget", search.KindShared); len(got) != 0 {
			t.Fatalf("a family member finds the network's records: %v", hitKeys(got))
		}

		town := &rotonde.Organisation{Name: "Gemeente Rivierstad", Kind: rotonde.OrgMunicipality, RegionID: w.region.ID}
		if err := db.Orgs.CreateOrganisation(ctx, nil, town); err != nil {
			t.Fatal(err)
		}
		if err := db.Network.SetMunicipality(ctx, w.owner, w.caseID, town.ID); err != nil {
			t.Fatal(err)
		}
		st := &rotonde.Story{CaseID: w.caseID, Title: "Een jaar wachten", Body: "Het gezin wachtte een jaar op een plek in een pleeggezin."}
		if err := db.Network.SaveStory(ctx, w.owner, st); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.adminA, "pleeggezinnen", search.KindStory); len(got) != 0 {
			t.Fatalf("a draft story found outside its case: %v", hitKeys(got))
		}
		if err := db.Network.PublishStory(ctx, w.owner, w.caseID, st.ID, rotonde.StoryConsent{Given: true, GivenBy: "Sanne en haar ouders"}); err != nil {
			t.Fatal(err)
		}
		got := mustSearch(t, db, w.adminA, "pleeggezinnen", search.KindStory)
		if len(got) != 1 || got[0].CaseID != 0 || got[0].URL != fmt.Sprintf("/verhalen/%d", st.ID) {
			t.Fatalf("the region finds the published story without its case: %+v", got)
		}
		if got := mustSearch(t, db, w.owner, "pleeggezinnen", search.KindStory); len(got) != 1 || got[0].CaseID != w.caseID {
			t.Fatalf("the case's member finds the story once, in the case: %+v", got)
		}
		if got := mustSearch(t, db, w.adminB, "pleeggezinnen", ""); len(got) != 0 {
			t.Fatalf("someone outside the region finds the story: %v", hitKeys(got))
		}
		if err := db.Network.WithdrawStory(ctx, w.owner, w.caseID, st.ID); err != nil {
			t.Fatal(err)
		}
		if got := mustSearch(t, db, w.adminA, "pleeggezinnen", ""); len(got) != 0 {
			t.Fatalf("a withdrawn story is still found in the region: %v", hitKeys(got))
		}
	})
}
