package demo

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// seedKnowledge gives the demo two intervision groups with a series in
// progress each, dilemmas brought into the first, insights people wrote
// down and shared with the network, and a codebook in which the policy
// officer and the researcher coded them. Everything is invented.
func seedKnowledge(ctx context.Context, s Store, users map[string]*rotonde.User, now time.Time) error {
	groupID, err := seedSeries(ctx, s, users, now)
	if err != nil {
		return err
	}
	if err := seedBoardGroup(ctx, s, users, now); err != nil {
		return err
	}
	shared, err := seedRecords(ctx, s, users, groupID)
	if err != nil {
		return err
	}
	return seedCodebook(ctx, s, users, shared, now)
}

// seedSeries plans the intervision group's series, three sessions behind
// it, with six people committed, holds its first session
// (demo/seriessession.go), and returns the group's ID.
func seedSeries(ctx context.Context, s Store, users map[string]*rotonde.User, now time.Time) (int64, error) {
	fac := users["facilitator@demo.test"]
	groups, err := s.Tension.Groups(ctx, fac)
	if err != nil {
		return 0, err
	}
	var groupID int64
	for _, g := range groups {
		if g.Name == "Intervisiegroep Vastgelopen trajecten Lindeveld" {
			groupID = g.ID
		}
	}
	if groupID == 0 {
		return 0, fmt.Errorf("intervision group not found")
	}
	se := &knowledge.Series{GroupID: groupID, Title: "Intervisiereeks 2026–2027"}
	if err := planSeries(ctx, s, users, se, fac, now, 3, 19,
		"facilitator@demo.test", "bestuurder@demo.test", "beleid@demo.test", "ggz@demo.test", "jeugdbeschermer@demo.test", "hulpverlener@demo.test"); err != nil {
		return 0, err
	}
	return groupID, seedFirstSession(ctx, s, users, se)
}

// BoardGroup is the demo's second intervision group: an administrator
// opened it for administrators, managers and policy officers of the region.
const BoardGroup = "Intervisie bestuur en beleid Jeugdregio Lindeveld"

// seedBoardGroup has the administrator open the second group, with people
// of five organisations, and plan its series: two sessions behind it, five
// people committed, one still to confirm.
func seedBoardGroup(ctx context.Context, s Store, users map[string]*rotonde.User, now time.Time) error {
	admin := users["bestuurder@demo.test"]
	g := &tension.Group{Name: BoardGroup, Description: "Bestuurders, managers en beleidsmedewerkers van de gemeente, het wijkteam, " +
		"de aanbieders, school en de leerwerkplaats: elke zes weken een dilemma uit de eigen organisatie."}
	if err := s.Tension.CreateGroup(ctx, admin, g); err != nil {
		return fmt.Errorf("group %s: %w", BoardGroup, err)
	}
	for _, email := range []string{"beleid@demo.test", "wijkteam@demo.test", "aanbieder@demo.test", "mentor@demo.test", "onderzoeker@demo.test"} {
		if err := s.Tension.AddGroupMember(ctx, admin, g.ID, email, tension.GroupRoleMember); err != nil {
			return fmt.Errorf("group member %s: %w", email, err)
		}
	}
	return planSeries(ctx, s, users, &knowledge.Series{GroupID: g.ID, Title: "Bestuurlijke intervisie 2026–2027"}, admin, now, 2, 16,
		"bestuurder@demo.test", "beleid@demo.test", "wijkteam@demo.test", "aanbieder@demo.test", "mentor@demo.test")
}

// planSeries plans a series of the default six sessions at hour o'clock,
// done of them before now and the next one within a week, and records the
// commitment of the people committed.
func planSeries(ctx context.Context, s Store, users map[string]*rotonde.User, se *knowledge.Series, by *rotonde.User, now time.Time, done, hour int, committed ...string) error {
	se.Minutes = knowledge.DefaultMinutes
	first := time.Date(now.Year(), now.Month(), now.Day(), hour, 0, 0, 0, time.Local).Add(-time.Duration(done)*knowledge.DefaultInterval + 7*24*time.Hour)
	se.Plan(first, knowledge.DefaultSessions, knowledge.DefaultInterval)
	if err := s.Knowledge.CreateSeries(ctx, by, se); err != nil {
		return fmt.Errorf("series %s: %w", se.Title, err)
	}
	for _, email := range committed {
		if err := s.Knowledge.Commit(ctx, users[email], se.ID); err != nil {
			return fmt.Errorf("commitment %s: %w", email, err)
		}
	}
	return nil
}

// knowledgeItem is a dilemma or insight of the demo; one with a
// paraphrase is shared with the network.
type knowledgeItem struct {
	who        string
	group      bool
	kind       knowledge.Kind
	level      string
	body, para string
	take       string
	links      []knowledge.Link
}

func themeLinks(keys ...string) []knowledge.Link {
	var out []knowledge.Link
	for _, k := range keys {
		out = append(out, knowledge.Link{Kind: knowledge.LinkTheme, Key: k})
	}
	return out
}

func knowledgeItems() []knowledgeItem {
	return []knowledgeItem{
		{who: "bestuurder@demo.test", group: true, kind: knowledge.KindDilemma, level: "organisation",
			body: "Ik vraag mijn teams om maatwerk, maar onze contracten belonen het aantal afgesloten trajecten.",
			para: "Een bestuurder vraagt om maatwerk terwijl de contracten afgesloten trajecten belonen.",
			take: "Met de inkoper bespreken hoe we maatwerk kunnen verantwoorden.", links: themeLinks("financiering", "regie")},
		{who: "beleid@demo.test", group: true, kind: knowledge.KindInsight, level: "network",
			body: "Als gemeente schuiven we de beslissing door zolang niemand de regie pakt; dat kost gezinnen maanden.",
			para: "Zolang niemand de regie pakt, schuift de gemeente de beslissing door en wacht het gezin.",
			take: "Een vast beslismoment per casus voorstellen in het regio-overleg.", links: themeLinks("wachttijd", "regie")},
		{who: "ggz@demo.test", group: true, kind: knowledge.KindDilemma, level: "personal",
			body: "Ik wil het gezin niet nog een keer laten wachten, maar ik mag pas starten na een nieuwe intake."},
		{who: "hulpverlener@demo.test", kind: knowledge.KindInsight, level: "personal",
			body: "Ik merk dat ik het gesprek over de wachtlijst vermijd omdat ik me schaam voor het systeem.",
			para: "Een hulpverlener vermijdt het gesprek over de wachtlijst uit schaamte voor het systeem.", links: themeLinks("wachttijd")},
		{who: "jeugdbeschermer@demo.test", kind: knowledge.KindDilemma, level: "network",
			body: "Twee gemeenten zijn het oneens over wie betaalt; het kind blijft ondertussen in de crisisopvang.",
			para: "Twee gemeenten zijn het oneens over wie betaalt, en het kind blijft al die tijd in de crisisopvang.", links: themeLinks("financiering", "woonplaatsbeginsel")},
		{who: "facilitator@demo.test", kind: knowledge.KindInsight, level: "organisation",
			body: "Vertragen in een leerbijeenkomst leverde meer op dan drie extra overleggen.",
			para: "Samen vertragen in een leerbijeenkomst leverde meer op dan extra overleggen.", links: themeLinks("samen vertragen")},
		{who: "mentor@demo.test", kind: knowledge.KindInsight, level: "network",
			body: "School hoort pas van een besluit als het al genomen is, terwijl wij de jongere elke dag zien.",
			para: "School hoort pas van een besluit als het al genomen is, terwijl school de jongere dagelijks ziet.", links: themeLinks("regie", "informatie delen")},
	}
}

// seedRecords adds the demo's dilemmas and insights and shares those with a
// paraphrase; it returns the IDs of the shared ones in order.
func seedRecords(ctx context.Context, s Store, users map[string]*rotonde.User, groupID int64) ([]int64, error) {
	var shared []int64
	for _, it := range knowledgeItems() {
		k := &knowledge.Record{Kind: it.kind, Level: it.level, Body: it.body, Takeaway: it.take, Links: it.links}
		if it.group {
			k.GroupID = groupID
		}
		if err := s.Knowledge.AddRecord(ctx, users[it.who], k); err != nil {
			return nil, fmt.Errorf("record of %s: %w", it.who, err)
		}
		if it.para == "" {
			continue
		}
		if err := s.Knowledge.ShareRecord(ctx, users[it.who], k.ID, it.para, true); err != nil {
			return nil, fmt.Errorf("share of %s: %w", it.who, err)
		}
		shared = append(shared, k.ID)
	}

	return shared, nil
}

// seedCodebook makes the policy officer's codebook, in which she and the
// researcher code every shared record, and the region's common threads
// (demo/threads.go).
func seedCodebook(ctx context.Context, s Store, users map[string]*rotonde.User, shared []int64, now time.Time) error {
	pol, res := users["beleid@demo.test"], users["onderzoeker@demo.test"]
	book := &knowledge.Codebook{Name: "Rode draden Lindeveld 2026"}
	if err := s.Knowledge.CreateCodebook(ctx, pol, book, nil); err != nil {
		return fmt.Errorf("codebook: %w", err)
	}
	codes := map[string]*knowledge.Code{}
	for _, c := range []struct{ name, parent, colour string }{
		{"Wachttijd", "", "#b3261e"}, {"Regie", "", "#2f6f5e"}, {"Wie beslist", "Regie", "#3d8a75"},
		{"Geld", "", "#8a5a00"}, {"Woonplaatsbeginsel", "Geld", "#a87412"}, {"Samen vertragen", "", "#5b4a9a"},
		{"Stem van het gezin", "", "#1f5f8b"}, {"Informatie delen", "", "#6b6b2f"},
	} {
		code := &knowledge.Code{CodebookID: book.ID, Name: c.name, Colour: c.colour}
		if c.parent != "" {
			code.ParentID = codes[c.parent].ID
		}
		if err := s.Knowledge.AddCode(ctx, pol, code); err != nil {
			return fmt.Errorf("code %s: %w", c.name, err)
		}
		codes[c.name] = code
	}
	// Both coders code every shared record; they differ on a few.
	coding := map[*rotonde.User][][]string{
		pol: {{"Geld"}, {"Regie", "Wie beslist", "Wachttijd"}, {"Wachttijd"}, {"Geld", "Woonplaatsbeginsel", "Wachttijd"}, {"Samen vertragen"}, {"Regie"}},
		res: {{"Geld", "Regie"}, {"Wie beslist", "Wachttijd"}, {"Wachttijd"}, {"Woonplaatsbeginsel", "Wachttijd"}, {"Samen vertragen", "Regie"}, {"Regie", "Wie beslist"}},
	}
	for _, who := range []*rotonde.User{pol, res} {
		for i, names := range coding[who] {
			if i >= len(shared) {
				break
			}
			for _, n := range names {
				if err := s.Knowledge.AddCoding(ctx, who, &knowledge.Coding{CodebookID: book.ID, CodeID: codes[n].ID, RecordID: shared[i]}); err != nil {
					return fmt.Errorf("coding: %w", err)
				}
			}
		}
	}
	if err := seedThreads(ctx, s, users, book.ID, codes, now); err != nil {
		return err
	}
	for _, n := range []knowledge.Note{
		{Kind: knowledge.NoteDecision, Body: "Woonplaatsbeginsel valt onder Geld; wie betaalt is een andere vraag dan wie beslist."},
		{Kind: knowledge.NoteMemo, Body: "Wachttijd komt vooral voor waar niemand de regie heeft: samen bekijken in de volgende sessie."},
	} {
		n.CodebookID = book.ID
		if err := s.Knowledge.AddNote(ctx, pol, &n); err != nil {
			return fmt.Errorf("note: %w", err)
		}
	}
	return nil
}
