package sqldb_test

import (
	"context"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// Withdrawing a published story leaves a reversal record: a writer of the
// case publishes it again within 30 days, while the family's consent still
// covers its text; the feed shows both. Changed text, or a story published
// again meanwhile, cannot be undone.
func TestUndoWithdrawingAStory(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		ctx := context.Background()
		w := buildNetworkWorld(t, db)
		if err := db.Network.SetMunicipality(ctx, w.owner, w.c.ID, w.north.ID); err != nil {
			t.Fatal(err)
		}
		consent := rotonde.StoryConsent{Given: true, GivenBy: "moeder en Sanne"}
		publish := func(title string) *rotonde.Story {
			s := &rotonde.Story{CaseID: w.c.ID, Title: title, Body: "Een meisje van dertien woonde op negen plekken."}
			if err := db.Network.SaveStory(ctx, w.owner, s); err != nil {
				t.Fatal(err)
			}
			if err := db.Network.PublishStory(ctx, w.owner, w.c.ID, s.ID, consent); err != nil {
				t.Fatal(err)
			}
			if err := db.Network.WithdrawStory(ctx, w.owner, w.c.ID, s.ID); err != nil {
				t.Fatal(err)
			}
			return s
		}
		record := func(s *rotonde.Story) rotonde.Undo {
			u, err := db.Trash.LastUndo(ctx, w.owner, w.c.ID, rotonde.UndoStory, s.ID)
			if err != nil {
				t.Fatal(err)
			}
			return u
		}

		s := publish("Negen plekken in vier jaar")
		u := record(s)
		if u.Label != "Negen plekken in vier jaar" || u.DoneBy != w.owner.ID {
			t.Fatalf("record: %+v", u)
		}
		wantCode(t, errOf(db.Network.PublishedStory(ctx, w.policy, s.ID)), rotonde.ENotFound)
		wantCode(t, errOf(db.Trash.Undo(ctx, w.observer, w.c.ID, u.ID)), rotonde.EForbidden)
		wantCode(t, errOf(db.Trash.Undo(ctx, w.professional, w.c.ID, u.ID)), rotonde.ENotFound)
		if _, err := db.Trash.Undo(ctx, w.owner, w.c.ID, u.ID); err != nil {
			t.Fatal(err)
		}
		one, err := db.Network.PublishedStory(ctx, w.policy, s.ID)
		if err != nil || one.Title != "Negen plekken in vier jaar" || one.ConsentGivenBy != "moeder en Sanne" {
			t.Fatalf("published again: %+v %v", one, err)
		}
		wantCode(t, errOf(db.Trash.Undo(ctx, w.owner, w.c.ID, u.ID)), rotonde.ENotFound) // undone once
		feed, err := db.Progress.Feed(ctx, w.owner, w.c.ID, 20)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[string]string{}
		for _, f := range feed {
			kinds[f.Kind] = f.Text
		}
		if kinds["ended.story"] != s.Title || kinds["undone.story"] != s.Title {
			t.Fatalf("feed: %+v", feed)
		}

		// Changed after the withdrawal: the family did not approve this text.
		changed := publish("Een plek om te blijven")
		changed.Body = "Een andere tekst."
		if err := db.Network.SaveStory(ctx, w.owner, changed); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(db.Trash.Undo(ctx, w.owner, w.c.ID, record(changed).ID)), rotonde.EConflict)
		wantCode(t, errOf(db.Network.PublishedStory(ctx, w.policy, changed.ID)), rotonde.ENotFound)

		// Published again with consent recorded anew: nothing to undo.
		again := publish("Wachten op een plek")
		rec := record(again)
		if err := db.Network.PublishStory(ctx, w.owner, w.c.ID, again.ID, consent); err != nil {
			t.Fatal(err)
		}
		wantCode(t, errOf(db.Trash.Undo(ctx, w.owner, w.c.ID, rec.ID)), rotonde.EConflict)
	})
}
