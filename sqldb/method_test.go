package sqldb_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/tension"
)

func TestMethodOverrideStoredPerOrganisation(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		if _, err := db.Method.MethodOverride(ctx, w.admin, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("no override yet: %v", err)
		}
		if d, err := db.Method.MethodOverrideDigest(ctx, w.wijkteam.ID); err != nil || d != "" {
			t.Fatalf("digest without override: %q %v", d, err)
		}
		o := method.Override{
			Terms: []method.Term{{From: method.Text{NL: "betrokkenen"}, To: method.Text{NL: "stakeholders"}}, {}},
			Patch: json.RawMessage(`{"cards":[{"key":"timeline","title":{"nl":"Patient journey maken"}}]}`),
		}
		saved, err := db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, o)
		if err != nil {
			t.Fatal(err)
		}
		if len(saved.Terms) != 1 || saved.Digest == "" || saved.UpdatedBy != w.admin.ID {
			t.Fatalf("saved: %+v", saved)
		}
		got, err := db.Method.MethodOverride(ctx, w.admin, w.wijkteam.ID)
		if err != nil || got.Digest != saved.Digest || got.Terms[0].To.NL != "stakeholders" || !strings.Contains(string(got.Patch), "Patient journey") {
			t.Fatalf("read back: %+v %v", got, err)
		}
		if d, _ := db.Method.MethodOverrideDigest(ctx, w.wijkteam.ID); d != saved.Digest {
			t.Fatalf("digest %q, want %q", d, saved.Digest)
		}
		base, _ := sqldb.StandardLibrary()
		lib, err := method.Merge(base, got.Override("wijkteam"))
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := lib.Card("timeline"); c.Title.NL != "Patient journey maken" || c.Title.EN == "" {
			t.Fatalf("merged title %+v", c.Title)
		}
		// The other organisation has nothing.
		if _, err := db.Method.OrgMethodOverride(ctx, w.aanbieder.ID); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Fatalf("other organisation: %v", err)
		}
		// Saving the same content again keeps the digest: the merged library is the same.
		again, err := db.Method.SaveMethodOverride(ctx, w.sysad, w.wijkteam.ID, o)
		if err != nil || again.Digest != saved.Digest {
			t.Fatalf("same content, digest %q vs %q (%v)", again.Digest, saved.Digest, err)
		}
	})
}

func TestMethodOverrideOnlyForTheOrganisationsAdministrators(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		o := method.Override{Terms: []method.Term{{From: method.Text{NL: "tijdlijn"}, To: method.Text{NL: "patient journey"}}}}
		for _, u := range []*rotonde.User{w.owner, w.colleague, w.outsider, w.family} {
			if _, err := db.Method.SaveMethodOverride(ctx, u, w.wijkteam.ID, o); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s saves: %v", u.Email, err)
			}
			if _, err := db.Method.MethodOverride(ctx, u, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s reads: %v", u.Email, err)
			}
			if err := db.Method.DeleteMethodOverride(ctx, u, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
				t.Errorf("%s deletes: %v", u.Email, err)
			}
		}
		// An administrator of one organisation cannot reword another's.
		if _, err := db.Method.SaveMethodOverride(ctx, w.admin, w.aanbieder.ID, o); rotonde.ErrorCodeOf(err) != rotonde.EForbidden {
			t.Errorf("admin of wijkteam saves for aanbieder: %v", err)
		}
		if _, err := db.Method.SaveMethodOverride(ctx, w.sysad, w.aanbieder.ID, o); err != nil {
			t.Errorf("system administrator: %v", err)
		}
		if _, err := db.Method.SaveMethodOverride(ctx, w.sysad, 99999, o); rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			t.Errorf("unknown organisation: %v", err)
		}
		if d, _ := db.Method.MethodOverrideDigest(ctx, w.wijkteam.ID); d != "" {
			t.Errorf("refused saves stored something: %q", d)
		}
	})
}

func TestMethodOverrideThatBreaksTheLibraryIsRefused(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		good, err := db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, method.Override{
			Terms: []method.Term{{From: method.Text{NL: "betrokkenen"}, To: method.Text{NL: "stakeholders"}}}})
		if err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			o    method.Override
			want string // in the Dutch message
		}{
			{"empty title", method.Override{Patch: json.RawMessage(`{"cards":[{"key":"timeline","title":{"nl":""}}]}`)}, "Nederlandse tekst ontbreekt"},
			{"step without minutes", method.Override{Patch: json.RawMessage(`{"cards":[{"key":"timeline","steps":[{"key":"draw","minutes":0}]}]}`)}, "geen positieve duur"},
			{"misspelt field", method.Override{Patch: json.RawMessage(`{"cards":[{"key":"timeline","titel":{"nl":"x"}}]}`)}, "klopt niet"},
			{"not JSON", method.Override{Patch: json.RawMessage(`{"cards":[`)}, "geen geldige JSON"},
			{"not an object", method.Override{Patch: json.RawMessage(`[1,2]`)}, "klopt niet"},
			{"word without replacement", method.Override{Terms: []method.Term{{From: method.Text{NL: "tijdlijn"}}}}, "ontbreekt de vervanging"},
			{"replacement without word", method.Override{Terms: []method.Term{{To: method.Text{NL: "reis"}}}}, "ontbreekt welk woord"},
			{"unknown set", method.Override{Patch: json.RawMessage(`{"fields":[{"key":"makeable","set":"mijnset"}]}`)}, "onbekende set"},
			{"too large", method.Override{Patch: json.RawMessage(`{"fieldsIntro":{"nl":"` + strings.Repeat("x", method.MaxStoredOverride) + `"}}`)}, "te groot"},
		}
		for _, c := range cases {
			_, err := db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, c.o)
			if code := rotonde.ErrorCodeOf(err); code != rotonde.EInvalid && code != rotonde.ETooLarge {
				t.Errorf("%s: %v", c.name, err)
				continue
			}
			if msg := rotonde.UserMessage(err, "nl"); !strings.Contains(msg, c.want) {
				t.Errorf("%s: message %q lacks %q", c.name, msg, c.want)
			}
			if en := rotonde.UserMessage(err, "en"); en == rotonde.UserMessage(err, "nl") {
				t.Errorf("%s: no English message: %q", c.name, en)
			}
			if d, _ := db.Method.MethodOverrideDigest(ctx, w.wijkteam.ID); d != good.Digest {
				t.Errorf("%s: the stored override changed", c.name)
			}
		}
	})
}

func TestOwnTensionFieldsStayAndCanBePlacedOn(t *testing.T) {
	forEachWorld(t, func(t *testing.T, ctx context.Context, db *sqldb.DB, w *world) {
		field := `{"key":"eigen-regie","number":1,"set":"eigen","title":{"nl":"Tussen regie nemen en regie laten","en":"Between taking and leaving control"},
			"left":{"nl":"Regie nemen","en":"Taking control"},"right":{"nl":"Regie laten","en":"Leaving control"},
			"description":{"nl":"Wie houdt het stuur?","en":"Who steers?"},
			"questions":[{"key":"q1","text":{"nl":"Waar sta jij?","en":"Where do you stand?"}}],"source":"eigen"}`
		source := `{"key":"eigen","title":"Wijkteam Test","publisher":"Wijkteam Test","year":2026,"note":{"nl":"Eigen aanvulling.","en":"Own addition."}}`
		patch := `{"sources":[` + source + `],"fields":[` + field + `]}`
		if _, err := db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, method.Override{Patch: json.RawMessage(patch)}); err != nil {
			t.Fatal(err)
		}
		own, err := db.Method.OwnFieldKeys(ctx, w.wijkteam.ID)
		if err != nil || !own["eigen-regie"] || own["makeable"] {
			t.Fatalf("own fields %v %v", own, err)
		}
		// A professional of the organisation places on the own field; one of
		// another organisation does not know it.
		if err := db.Tension.Place(ctx, w.owner, []tension.Placement{{FieldKey: "eigen-regie", Position: 30}}); err != nil {
			t.Fatalf("place on own field: %v", err)
		}
		if err := db.Tension.Place(ctx, w.outsider, []tension.Placement{{FieldKey: "eigen-regie", Position: 30}}); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("other organisation places on it: %v", err)
		}
		// Leaving it out is refused; deleting the override too.
		_, err = db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, method.Override{Patch: json.RawMessage(`{"sources":[` + source + `]}`)})
		if rotonde.ErrorCodeOf(err) != rotonde.EInvalid || !strings.Contains(rotonde.UserMessage(err, "nl"), "eigen-regie") {
			t.Fatalf("own field left out: %v", err)
		}
		if err := db.Method.DeleteMethodOverride(ctx, w.admin, w.wijkteam.ID); rotonde.ErrorCodeOf(err) != rotonde.EInvalid {
			t.Fatalf("delete with own field: %v", err)
		}
		// Back to the standard library: the own field stays, hidden.
		reset, err := method.ResetPatch(json.RawMessage(patch))
		if err != nil || reset == nil {
			t.Fatalf("reset patch %s %v", reset, err)
		}
		if _, err := db.Method.SaveMethodOverride(ctx, w.admin, w.wijkteam.ID, method.Override{Patch: reset}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.Method.MethodOverride(ctx, w.admin, w.wijkteam.ID)
		base, _ := sqldb.StandardLibrary()
		lib, err := method.Merge(base, got.Override(""))
		if err != nil {
			t.Fatal(err)
		}
		if f, ok := lib.Field("eigen-regie"); !ok || !f.Hidden {
			t.Fatalf("own field after reset: %+v %v", f, ok)
		}
		if len(lib.FieldsInSet(method.SetOwn)) != 0 {
			t.Fatal("hidden own field still offered")
		}
		// Without own items the override can go altogether.
		if r, _ := method.ResetPatch(json.RawMessage(`{"cards":[{"key":"timeline","hidden":true}]}`)); r != nil {
			t.Fatalf("reset of a patch without own items: %s", r)
		}
		if err := db.Method.DeleteMethodOverride(ctx, w.sysad, w.aanbieder.ID); err != nil {
			t.Fatalf("delete what does not exist: %v", err)
		}
	})
}
