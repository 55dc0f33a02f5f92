package web_test

import (
	"context"
	"fmt"
	"maps"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// knowledgeWorld is what the knowledge and threads routes act on: a record
// of the matrix case, two records the owner wrote down on their own (one
// with a takeaway, one shared), and a codebook opened by a policy officer.
type knowledgeWorld struct {
	caseRecordID, ownRecordID, sharedRecordID int64
	codebookID, codeID                        int64
	seriesID                                  int64
	// A closed session of the series with one line of its report, the owner's words.
	reportLineID int64
	// An open request of the case's family for a meeting (web/meetingrequest_matrix_test.go).
	requestID int64
}

// networkLearner and codebookOpener are knowledge.CanLearnAcrossCases and
// knowledge.CanOpenCodebook as matrix rules.
var (
	networkLearner rule = func(a *actor) bool { return a.user != nil && knowledge.CanLearnAcrossCases(a.role) }
	codebookOpener rule = func(a *actor) bool { return a.user != nil && knowledge.CanOpenCodebook(a.role) }
	// The matrix's codebook is organisation A's region's; organisation B is in none.
	regionLearner rule = func(a *actor) bool { return networkLearner(a) && !a.orgB }
)

func init() {
	accessRules["record author"] = itsOwner // the owner wrote the matrix's own records
	accessRules["network learner"] = networkLearner
	accessRules["codebook opener"] = codebookOpener
	accessRules["region learner"] = regionLearner
	accessRules["theme opener"] = groupCreator // administrators and policy officers take the initiative too
	// The owner wrote the report line and facilitates the group; the case's managers are the group's facilitators.
	accessRules["report line checker"] = caseManage
}

func buildKnowledgeWorld(t *testing.T, db *sqldb.DB, owner *rotonde.User, actors []*actor, caseID int64, w *matrixWorld) {
	t.Helper()
	ctx := context.Background()
	rec := &knowledge.Record{Kind: knowledge.KindDilemma, CaseID: caseID, Body: "Wie besluit als iedereen wacht?"}
	own := &knowledge.Record{Kind: knowledge.KindInsight, Body: "Ik neem de regie te snel over.", Takeaway: "Eerst vragen"}
	shared := &knowledge.Record{Kind: knowledge.KindInsight, Body: "Bij ons wacht iedereen op iedereen."}
	for _, k := range []*knowledge.Record{rec, own, shared} {
		if err := db.Knowledge.AddRecord(ctx, owner, k); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Knowledge.ShareRecord(ctx, owner, shared.ID, "Iedereen wacht op iedereen.", true); err != nil {
		t.Fatal(err)
	}
	var opener *rotonde.User
	for _, a := range actors {
		if a.relation == "member" && a.role == rotonde.RolePolicyOfficer {
			opener = a.user
		}
	}
	book := &knowledge.Codebook{Name: "Rode draden"}
	if err := db.Knowledge.CreateCodebook(ctx, opener, book, []knowledge.Code{{Group: knowledge.GroupTheme, Name: "Wachten"}}); err != nil {
		t.Fatal(err)
	}
	se := &knowledge.Series{GroupID: w.groupID, Title: "Intervisie", Minutes: knowledge.DefaultMinutes}
	se.Plan(time.Now().Add(24*time.Hour), knowledge.DefaultSessions, knowledge.DefaultInterval)
	if err := db.Knowledge.CreateSeries(ctx, owner, se); err != nil {
		t.Fatal(err)
	}
	w.knowledge = knowledgeWorld{caseRecordID: rec.ID, ownRecordID: own.ID, sharedRecordID: shared.ID, codebookID: book.ID, codeID: book.Codes[0].ID, seriesID: se.ID}
	w.knowledge.reportLineID = closedSeriesSession(t, db, owner, se.ID)
	w.knowledge.requestID = buildRequestWorld(t, db, actors, caseID)
}

// closedSeriesSession runs session 1 of a series as a live meeting in which
// the facilitator brings a dilemma, closes it, and returns the report line.
func closedSeriesSession(t *testing.T, db *sqldb.DB, facilitator *rotonde.User, seriesID int64) int64 {
	t.Helper()
	ctx := context.Background()
	sm, err := db.Knowledge.StartSession(ctx, facilitator, seriesID, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.StartMeeting(ctx, facilitator, sm.MeetingID, meeting.NewJoinCode()); err != nil {
		t.Fatal(err)
	}
	c := &meeting.Capture{MeetingID: sm.MeetingID, StepPosition: 0, Kind: meeting.Dilemma, Body: "Ik wil ruimte geven en moet sturen op budget."}
	if _, err := db.Meetings.AddCapture(ctx, meeting.Viewer{User: facilitator}, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Meetings.CloseMeeting(ctx, facilitator, sm.MeetingID, ""); err != nil {
		t.Fatal(err)
	}
	rep, err := db.Knowledge.SeriesReport(ctx, facilitator, seriesID)
	if err != nil || len(rep.Lines) != 1 {
		t.Fatalf("series report: %v %+v", err, rep)
	}
	return rep.Lines[0].RecordID
}

// knowledgePath fills in a record (the case's under /casussen, the owner's
// own under /kennis) and the codebook.
func knowledgePath(path string, w matrixWorld) string {
	if strings.HasPrefix(path, "/casussen/{id}/kennis/{record}") {
		path = strings.Replace(path, "{record}", fmt.Sprint(w.knowledge.caseRecordID), 1)
	}
	path = strings.Replace(path, "{record}", fmt.Sprint(w.knowledge.ownRecordID), 1)
	path = strings.Replace(path, "{series}", fmt.Sprint(w.knowledge.seriesID), 1)
	path = strings.Replace(path, "{number}", "2", 1) // session 1 has run
	path = strings.Replace(path, "{line}", fmt.Sprint(w.knowledge.reportLineID), 1)
	path = strings.Replace(path, "{request}", fmt.Sprint(w.knowledge.requestID), 1)
	return strings.Replace(path, "{book}", fmt.Sprint(w.knowledge.codebookID), 1)
}

// knowledgeRoutes holds the rules of knowledge records and the common threads.
func knowledgeRoutes() map[string]route {
	rules := map[string]route{
		// A case's records: its members read them, its writers add and share them.
		"GET /casussen/{id}/kennis": {allow: caseMember},
		"POST /casussen/{id}/kennis": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"dilemma"}, "body": {"Wachten op elkaar"}, "themes": {"wachttijd"}}
		}},
		"POST /casussen/{id}/kennis/{record}/delen": {allow: dreamWrite, form: func(matrixWorld) url.Values {
			return url.Values{"paraphrase": {"Iedereen wacht op een besluit."}, "stripped": {"on"}}
		}},
		// One's own records: anyone signed in writes them down; only the author shares and answers.
		"GET /kennis":  {allow: loggedIn},
		"POST /kennis": {allow: loggedIn, form: func(matrixWorld) url.Values { return url.Values{"kind": {"insight"}, "body": {"Vertragen helpt"}} }},
		"POST /kennis/{record}/delen": {allow: itsOwner, form: func(matrixWorld) url.Values {
			return url.Values{"paraphrase": {"Regie overnemen gaat snel."}, "stripped": {"on"}}
		}},
		"POST /kennis/{record}/opvolging": {allow: itsOwner, form: func(matrixWorld) url.Values { return url.Values{"answer": {"Eerst gevraagd."}} }},
		// Intervision series: the group's facilitators (the case's managers) plan them; its members take part.
		"POST /groepen/{group}/reeksen": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"title": {"Reeks 2027"}, "first": {"2027-01-12"}}
		}},
		"GET /reeksen/{series}":            {allow: caseMember},
		"POST /reeksen/{series}/toezeggen": {allow: caseMember},
		"POST /reeksen/{series}/inbreng": {allow: caseMember, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"dilemma"}, "body": {"Wie beslist er eigenlijk?"}}
		}},
		// A session as a live meeting: the group's facilitators start it and
		// reveal a step (on a case meeting the facilitators are refused as
		// invalid, still past the guard); the report is the group's, each
		// line checked by its author after a facilitator's draft.
		"POST /reeksen/{series}/sessies/{number}/starten": {allow: caseManage},
		"POST /bijeenkomsten/{mid}/tonen":                 {allow: caseManage},
		"GET /reeksen/{series}/verslag":                   {allow: caseMember},
		"GET /reeksen/{series}/verslag.md":                {allow: caseMember},
		"GET /reeksen/{series}/verslag.pdf":               {allow: caseMember},
		"POST /reeksen/{series}/verslag/{line}": {allow: caseManage, form: func(matrixWorld) url.Values {
			return url.Values{"paraphrase": {"Ruimte geven en tegelijk op budget sturen."}}
		}},
		// The common threads: the network's learners; never family members or system administrators.
		"GET /rode-draden":        {allow: networkLearner},
		"POST /rode-draden":       {allow: codebookOpener, form: func(matrixWorld) url.Values { return url.Values{"name": {"Thema's 2027"}} }},
		"GET /rode-draden/{book}": {allow: regionLearner},
		"POST /rode-draden/{book}/codes": {allow: regionLearner, form: func(matrixWorld) url.Values {
			return url.Values{"name": {"Geld"}, "colour": {"#aa3300"}}
		}},
		"POST /rode-draden/{book}/coderingen": {allow: regionLearner, form: func(w matrixWorld) url.Values {
			return url.Values{"code": {fmt.Sprint(w.knowledge.codeID)}, "record": {fmt.Sprint(w.knowledge.sharedRecordID)}}
		}},
		"POST /rode-draden/{book}/notities": {allow: regionLearner, form: func(matrixWorld) url.Values {
			return url.Values{"kind": {"decision"}, "body": {"Wachten en regie apart coderen."}}
		}},
		"GET /rode-draden/{book}/synthese.md":   {allow: regionLearner},
		"GET /rode-draden/{book}/synthese.html": {allow: regionLearner},
		"GET /rode-draden/{book}/synthese.pdf":  {allow: regionLearner},
	}
	maps.Copy(rules, meetingRequestRoutes())
	return rules
}
