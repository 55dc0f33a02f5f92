package demo

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
)

// The common threads of the demo region: a year of dilemmas and insights
// that people in Lindeveld wrote down and shared, each coded by the policy
// officer and the researcher, so that the synthesis, the agreement between
// them and the network view's threads show something — with counts small
// enough in places to be hidden. Every situation is invented.

// threadSituation is a recurring situation, with the level it is usually
// seen at and the codes both coders give it.
type threadSituation struct {
	kind  knowledge.Kind
	level string
	text  string
	theme string
	codes []string
}

var threadWho = []string{"Een wijkteammedewerker", "Een jeugdbeschermer", "Een gedragswetenschapper", "Een bestuurder",
	"Een beleidsmedewerker", "Een mentor", "Een ggz-behandelaar", "Een gezinsvoogd"}

var threadWhen = []string{"bracht dit in de intervisie in", "schreef dit op na een casusoverleg", "deelde dit na een leerbijeenkomst"}

var threadSituations = []threadSituation{
	{knowledge.KindDilemma, "personal", "wil niet dat het gezin opnieuw moet wachten, maar een nieuwe aanbieder vraagt eerst een eigen intake", "wachttijd", []string{"Wachttijd"}},
	{knowledge.KindInsight, "network", "zag dat een vast beslismoment per casus weken wachten scheelt", "regie", []string{"Regie", "Wie beslist", "Wachttijd"}},
	{knowledge.KindDilemma, "organisation", "moet kiezen tussen maatwerk en een contract dat afgesloten trajecten beloont", "financiering", []string{"Geld"}},
	{knowledge.KindDilemma, "network", "ziet twee gemeenten discussiëren over wie betaalt terwijl het kind in de crisisopvang blijft", "woonplaatsbeginsel", []string{"Geld", "Woonplaatsbeginsel", "Wachttijd"}},
	{knowledge.KindInsight, "organisation", "merkte dat samen vertragen meer opleverde dan een extra overleg", "samen vertragen", []string{"Samen vertragen"}},
	{knowledge.KindInsight, "personal", "hoorde pas in het gesprek met de jongere zelf wat er werkelijk speelde", "stem van het gezin", []string{"Stem van het gezin"}},
	{knowledge.KindDilemma, "network", "weet niet welke informatie hij met school mag delen zonder het vertrouwen van ouders te schaden", "informatie delen", []string{"Informatie delen", "Stem van het gezin"}},
	{knowledge.KindInsight, "network", "zag dat niemand de regie nam omdat iedereen dacht dat een ander dat deed", "regie", []string{"Regie", "Wie beslist"}},
	{knowledge.KindDilemma, "organisation", "twijfelt of zij een plaatsing moet doorzetten nu het budgetplafond bereikt is", "financiering", []string{"Geld", "Wie beslist"}},
	{knowledge.KindInsight, "organisation", "merkte dat het team pas durfde te vertragen toen de leiding het uitdrukkelijk toestond", "samen vertragen", []string{"Samen vertragen", "Regie"}},
	{knowledge.KindDilemma, "personal", "schaamt zich tegenover het gezin voor de wachtlijst en vermijdt daardoor het gesprek", "wachttijd", []string{"Wachttijd", "Stem van het gezin"}},
	{knowledge.KindInsight, "network", "zag dat een gedeelde tijdlijn van de hulp het zicht op herhaalde overdrachten gaf", "informatie delen", []string{"Informatie delen", "Samen vertragen"}},
	{knowledge.KindDilemma, "organisation", "weet niet wie beslist als de gezinsvoogd en de behandelaar het oneens zijn", "regie", []string{"Wie beslist"}},
	{knowledge.KindInsight, "personal", "merkte dat de ouders meer wilden meedenken dan het plan hun ruimte gaf", "stem van het gezin", []string{"Stem van het gezin", "Regie"}},
}

// threadCount is how many records the demo's common threads hold besides
// the handful seedRecords writes out in full.
const threadCount = 200

// seedThreads writes the region's shared material, dated over the last
// quarters (demo/history.go), and codes it in the codebook: both coders give
// each record its situation's codes, and now and then the researcher judges
// differently.
func seedThreads(ctx context.Context, s Store, users map[string]*rotonde.User, book int64, codes map[string]*knowledge.Code, now time.Time) error {
	pol, res := users["beleid@demo.test"], users["onderzoeker@demo.test"]
	authors := []string{"wijkteam@demo.test", "jeugdbeschermer@demo.test", "aanbieder@demo.test", "bestuurder@demo.test",
		"beleid@demo.test", "mentor@demo.test", "ggz@demo.test", "hulpverlener@demo.test"}
	levels := []string{"personal", "organisation", "network", ""}
	coded := map[*rotonde.User][]knowledge.Coding{}
	for i := 0; i < threadCount; i++ {
		sit := threadSituations[(i*5)%len(threadSituations)]
		who := i % len(threadWho)
		level := sit.level
		if i%7 == 3 { // now and then placed at another level, or at none
			level = levels[(i/7)%len(levels)]
		}
		text := fmt.Sprintf("%s %s (%s).", threadWho[who], sit.text, threadWhen[(i/3)%len(threadWhen)])
		author := users[authors[who]]
		k := &knowledge.Record{Kind: sit.kind, Level: level, Body: text, Links: themeLinks(sit.theme)}
		if err := s.at(sharedAt(now, i, threadCount, sit.kind), func() error {
			if err := s.Knowledge.AddRecord(ctx, author, k); err != nil {
				return fmt.Errorf("thread record %d: %w", i, err)
			}
			if err := s.Knowledge.ShareRecord(ctx, author, k.ID, text, true); err != nil {
				return fmt.Errorf("share thread record %d: %w", i, err)
			}
			return nil
		}); err != nil {
			return err
		}
		mine := sit.codes
		theirs := sit.codes
		switch i % 6 {
		case 1:
			theirs = append(append([]string{}, sit.codes...), "Regie")
		case 4:
			theirs = sit.codes[:max(1, len(sit.codes)-1)]
		}
		for who, names := range map[*rotonde.User][]string{pol: mine, res: theirs} {
			seen := map[string]bool{}
			for _, n := range names {
				if seen[n] {
					continue
				}
				seen[n] = true
				coded[who] = append(coded[who], knowledge.Coding{CodebookID: book, CodeID: codes[n].ID, RecordID: k.ID})
			}
		}
	}
	for _, who := range []*rotonde.User{pol, res} {
		if err := s.Knowledge.AddCodings(ctx, who, coded[who]); err != nil {
			return fmt.Errorf("codings of the threads: %w", err)
		}
	}
	return nil
}
