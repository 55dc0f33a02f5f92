package web_test

import (
	"context"
	"database/sql"
	"net/http"
	"net/url"
	"strings"
	"testing"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// refuseRecords makes the access-log insert fail for records with exactly
// this part and detail, as a full disk would; other records are written.
func refuseRecords(t *testing.T, db *sqldb.DB, part, detail string) {
	t.Helper()
	cond := `NEW.part = '` + part + `' AND NEW.detail = '` + detail + `'`
	stmts := []string{`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log WHEN ` + cond + ` BEGIN SELECT RAISE(ABORT, 'disk full'); END`}
	if db.Dialect() == sqldb.Postgres {
		stmts = []string{`CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
			BEGIN IF ` + cond + ` THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`,
			`CREATE TRIGGER audit_refuse BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_refuse()`}
	}
	for _, q := range stmts {
		if _, err := db.Writer().ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
}

type txRecord struct {
	caseID          int64
	action, outcome string
	part, detail    string
	role, basis     string
}

func (r txRecord) String() string {
	return r.action + " " + r.part + " " + r.outcome + " (" + r.detail + ")"
}

// caseRecordsAfter lists the records after seq that are not security events.
func caseRecordsAfter(t *testing.T, db *sqldb.DB, seq int64) []txRecord {
	t.Helper()
	return auditRecordsAfter(t, db, seq, "case_id, action, outcome, part, detail, role, basis", func(rows *sql.Rows, r *txRecord) error {
		return rows.Scan(&r.caseID, &r.action, &r.outcome, &r.part, &r.detail, &r.role, &r.basis)
	})
}

// A change whose access-log record cannot be written is not stored; the
// failed attempt is still logged, as a refusal of the change.
func TestChangeAndItsRecordCommitTogether(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnvOn(t, db)
		id := e.demoCaseID()
		base := "/casussen/" + itoa(id)
		c := e.login("hulpverlener@demo.test")
		event := url.Values{"date": {"2025-03"}, "kind": {"contact"}, "description": {"Gesprek op school"}}

		// The record of the change is written in the change's transaction.
		before, events := auditHead(t, db), e.eventCount(id)
		if res := e.post(c, base+"/tijdlijn", event); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add: %d", res.StatusCode)
		}
		got := caseRecordsAfter(t, db, before)
		if len(got) != 1 || got[0].caseID != id || got[0].outcome != rotonde.AuditAllowed || got[0].detail != "nieuwe gebeurtenis" {
			t.Fatalf("records of a stored event: %v", got)
		}
		if e.eventCount(id) != events+1 {
			t.Fatal("event not stored")
		}

		// The log refuses the record: the event is not stored.
		refuseRecords(t, db, "tijdlijn", "nieuwe gebeurtenis")
		before, events = auditHead(t, db), e.eventCount(id)
		if res := e.post(c, base+"/tijdlijn", event); res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("add while the log fails: %d", res.StatusCode)
		}
		if n := e.eventCount(id); n != events {
			t.Fatalf("the event was stored without its access-log record: %d events, want %d", n, events)
		}
		// The attempt is logged on its own, as what it was: not stored.
		got = caseRecordsAfter(t, db, before)
		if len(got) != 1 || got[0].caseID != id || got[0].action != string(rotonde.AuditCreate) ||
			!strings.HasPrefix(got[0].detail, "geweigerd: ") || strings.Contains(got[0].detail, "vastgelegd na het antwoord") {
			t.Fatalf("records of the failed write: %v", got)
		}

		// A case whose creation cannot be logged is not created.
		refuseRecords2 := func() {
			q := `CREATE TRIGGER audit_refuse_case BEFORE INSERT ON audit_log WHEN NEW.part = 'casus' AND NEW.action = 'C' BEGIN SELECT RAISE(ABORT, 'disk full'); END`
			if db.Dialect() == sqldb.Postgres {
				q = `CREATE OR REPLACE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
					BEGIN IF NEW.part = 'casus' AND NEW.action = 'C' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$`
			}
			if _, err := db.Writer().ExecContext(context.Background(), q); err != nil {
				t.Fatal(err)
			}
		}
		u := e.user("hulpverlener@demo.test")
		cases, err := db.Cases.Cases(context.Background(), u)
		if err != nil {
			t.Fatal(err)
		}
		res := e.post(c, "/casussen", url.Values{"title": {"Noor (9)"}, "reason": {"zorgen op school"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create case: %d", res.StatusCode)
		}
		after, err := db.Cases.Cases(context.Background(), u)
		if err != nil || len(after) != len(cases)+1 {
			t.Fatalf("cases after creation: %d %v", len(after), err)
		}
		var created int64
		for _, x := range after {
			if x.Title == "Noor (9)" {
				created = x.ID
			}
		}
		log, err := db.Audit.CaseAudit(context.Background(), u, created)
		if err != nil || len(log) != 1 || log[0].Action != rotonde.AuditCreate || !strings.HasSuffix(log[0].Role, "/"+string(rotonde.MemberOwner)) {
			t.Fatalf("the new case's log: %+v %v", log, err)
		}
		refuseRecords2()
		before = auditHead(t, db)
		if res := e.post(c, "/casussen", url.Values{"title": {"Daan (4)"}, "reason": {"zorgen thuis"}}); res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("create case while the log fails: %d", res.StatusCode)
		}
		if again, err := db.Cases.Cases(context.Background(), u); err != nil || len(again) != len(after) {
			t.Fatalf("a case was created without its access-log record: %d cases, want %d (%v)", len(again), len(after), err)
		}
		if got := caseRecordsAfter(t, db, before); len(got) != 0 {
			t.Fatalf("records of a case that was not created: %v", got)
		}
		if v, err := db.Audit.VerifyAudit(context.Background()); err != nil || v.BrokenSeq != 0 {
			t.Fatalf("chain: %+v %v", v, err)
		}
	})
}

// A change that is refused or rejected rolls back, and its record, which
// waited to be written with it, is written as a refusal.
func TestRolledBackChangeIsLoggedAsRefused(t *testing.T) {
	e, id, _ := newDemoCase(t)
	ctx := context.Background()
	if err := e.db.Cases.AddMember(ctx, e.user("hulpverlener@demo.test"), id, "onderzoeker@demo.test", rotonde.MemberObserver); err != nil {
		t.Fatal(err)
	}
	base := "/casussen/" + itoa(id)
	events := e.eventCount(id)

	observer := e.login("onderzoeker@demo.test")
	before := auditHead(t, e.db)
	res := e.post(observer, base+"/tijdlijn", url.Values{"date": {"2025-03"}, "kind": {"contact"}, "description": {"Gesprek"}})
	if res.StatusCode != http.StatusForbidden && res.StatusCode != http.StatusNotFound {
		t.Fatalf("observer adds: %d", res.StatusCode)
	}
	got := caseRecordsAfter(t, e.db, before)
	if len(got) != 1 || got[0].outcome != rotonde.AuditDenied || got[0].part != "tijdlijn" || got[0].caseID != id {
		t.Fatalf("records of a refused write: %v", got)
	}

	worker := e.login("hulpverlener@demo.test")
	before = auditHead(t, e.db)
	res = e.post(worker, base+"/tijdlijn", url.Values{"date": {"2025-03"}, "kind": {"contact"}, "description": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity && res.StatusCode != http.StatusBadRequest {
		t.Fatalf("empty description: %d", res.StatusCode)
	}
	got = caseRecordsAfter(t, e.db, before)
	if len(got) != 1 || got[0].outcome != rotonde.AuditAllowed || !strings.HasPrefix(got[0].detail, "geweigerd: invalid") {
		t.Fatalf("records of a rejected write: %v", got)
	}
	if e.eventCount(id) != events {
		t.Fatal("a refused or rejected event was stored")
	}
}

// Emergency access and its record are one transaction; the record names the
// grant it was written with.
func TestBreakGlassRecordIsWrittenWithTheGrant(t *testing.T) {
	e, id, before := breakGlassOnDemo(t, "Melding van acute onveiligheid, casushouder onbereikbaar", http.StatusSeeOther)
	got := caseRecordsAfter(t, e.db, before)
	if len(got) != 1 || got[0].caseID != id || got[0].outcome != rotonde.AuditAllowed || got[0].part != "noodtoegang" ||
		!strings.HasPrefix(got[0].basis, "noodtoegang#") || !strings.HasSuffix(got[0].role, "/"+string(rotonde.MemberEmergency)) ||
		!strings.HasPrefix(got[0].detail, "noodtoegang tot ") {
		t.Fatalf("records of a granted emergency access: %+v", got)
	}
}

// A facilitator's action and its access-log record, which counts the
// anonymous inputs since the previous action, commit together: an action
// that fails, or whose record cannot be written, logs no count and leaves
// the inputs to the next action's record.
func TestFacilitatorActionCountsAnonymousInputsWithItsChange(t *testing.T) {
	testenv.ForEach(t, func(t *testing.T, db *sqldb.DB) {
		e := newEnvOn(t, db)
		ctx := context.Background()
		fac, mid, _ := e.liveMeeting("facilitator")
		base := "/bijeenkomsten/" + itoa(mid)
		parent := e.login("ouder@demo.test")
		if res := e.post(parent, base+"/inbreng", url.Values{"step": {"0"}, "kind": {"insight"}, "body": {"Samen naar de sportclub"}, "anonymous": {"1"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("anonymous insight: %d", res.StatusCode)
		}
		current := func() int {
			q := `SELECT current_step FROM meetings WHERE id = ?`
			if db.Dialect() == sqldb.Postgres {
				q = strings.Replace(q, "?", "$1", 1)
			}
			var step int
			if err := db.Reader().QueryRowContext(ctx, q, mid).Scan(&step); err != nil {
				t.Fatal(err)
			}
			return step
		}
		counted := func(from int64) []txRecord {
			var out []txRecord
			for _, r := range caseRecordsAfter(t, db, from) {
				if strings.Contains(r.detail, "anonieme inbreng") {
					out = append(out, r)
				}
			}
			return out
		}
		step := current()
		next := url.Values{"from": {itoa(int64(step))}, "to": {itoa(int64(step + 1))}}

		// A refused action: logged as refused, counting nothing.
		before := auditHead(t, db)
		if res := e.post(fac, base+"/stap", url.Values{"from": {"x"}, "to": {"y"}}); res.StatusCode == http.StatusSeeOther {
			t.Fatal("a step without positions was accepted")
		}
		if got := caseRecordsAfter(t, db, before); len(got) != 1 || got[0].part != "bijeenkomst-stap" {
			t.Fatalf("records of the refused step: %v", got)
		}
		if got := counted(before); len(got) != 0 {
			t.Fatalf("a refused action counted the anonymous input: %v", got)
		}

		// The log cannot take the record: the step does not move and the
		// input stays uncounted.
		refuseRecords(t, db, "bijeenkomst-stap", "bijeenkomst "+itoa(mid)+"; 1 anonieme inbreng sinds de vorige handeling")
		before = auditHead(t, db)
		if res := e.post(fac, base+"/stap", next); res.StatusCode != http.StatusInternalServerError {
			t.Fatalf("step while the log fails: %d", res.StatusCode)
		}
		if got := current(); got != step {
			t.Fatalf("the step moved to %d without its access-log record", got)
		}
		if got := counted(before); len(got) != 0 {
			t.Fatalf("the failed step logged a count: %v", got)
		}
		drop := `DROP TRIGGER audit_refuse`
		if db.Dialect() == sqldb.Postgres {
			drop += ` ON audit_log`
		}
		if _, err := db.Writer().ExecContext(ctx, drop); err != nil {
			t.Fatal(err)
		}

		// The next action that commits counts the input, once.
		before = auditHead(t, db)
		if res := e.post(fac, base+"/stap", next); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("step: %d", res.StatusCode)
		}
		if got := current(); got != step+1 {
			t.Fatalf("current step %d, want %d", got, step+1)
		}
		if got := counted(before); len(got) != 1 || !strings.Contains(got[0].detail, "1 anonieme inbreng") {
			t.Fatalf("records counting the input after the step: %v", got)
		}
	})
}
