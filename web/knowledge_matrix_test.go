package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/sqldb"
)

// knowledgeWorld is what the knowledge and threads routes act on: a record
// of the matrix case, two records the owner wrote down on their own (one
// with a takeaway, one shared), and a codebook opened by a policy officer.
type knowledgeWorld struct {
	caseRecordID, ownRecordID, sharedRecordID int64
	codebookID, codeID                        int64
	seriesID                                  int64
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
}

// knowledgePath fills in a record (the case's under /casussen, the owner's
// own under /kennis) and the codebook.
func knowledgePath(path string, w matrixWorld) string {
	if strings.HasPrefix(path, "/casussen/{id}/kennis/{record}") {
		path = strings.Replace(path, "{record}", fmt.Sprint(w.knowledge.caseRecordID), 1)
	}
	path = strings.Replace(path, "{record}", fmt.Sprint(w.knowledge.ownRecordID), 1)
	path = strings.Replace(path, "{series}", fmt.Sprint(w.knowledge.seriesID), 1)
	return strings.Replace(path, "{book}", fmt.Sprint(w.knowledge.codebookID), 1)
}

// knowledgeRoutes holds the rules of knowledge records and the common threads.
func knowledgeRoutes() map[string]route {
	return map[string]route{
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
}
