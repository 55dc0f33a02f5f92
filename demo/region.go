package demo

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// The demo region for the network view: besides Noor's case, more invented
// cases in two municipalities of Jeugdregio Lindeveld, brought in by
// professionals of four organisations, each with a phase, some progress
// through the learning cycle, barriers and a short timeline, and two
// published stories. The numbers are chosen so that the network view shows
// real counts and, for the smaller municipality, hidden ones.

// SecondMunicipality is the demo region's other municipality.
const SecondMunicipality = "Gemeente Eikenrode"

// regionCase is one invented case of the region.
type regionCase struct {
	alias, owner, municipality, phase string
	steps                             int // learning-cycle steps recorded (0-4)
	barriers                          []rotonde.BarrierKind
	helpers                           int // professionals on a short timeline (0: none)
}

var regionAliases = []string{"Daan (12)", "Mila (9)", "Sem (16)", "Yara (14)", "Luuk (7)", "Fenna (13)", "Bram (15)", "Isa (11)",
	"Milan (17)", "Zoë (10)", "Jesse (8)", "Lieke (16)", "Thijs (13)", "Nova (6)", "Ravi (14)", "Evi (12)", "Jayden (15)",
	"Saar (9)", "Ilias (11)", "Roos (17)", "Finn (10)", "Amira (13)", "Teun (16)", "Jill (8)", "Mees (12)", "Nora (14)",
	"Stijn (15)", "Lina (11)", "Gijs (9)", "Fleur (16)", "Adam (13)", "Puck (10)", "Owen (14)"}

// regionCases spreads the cases: Lindeveld gets most (so its counts show),
// Eikenrode a few (so its small counts are hidden).
func regionCases() []regionCase {
	owners := []string{"wijkteam@demo.test", "aanbieder@demo.test", "ggz@demo.test", "jeugdbeschermer@demo.test"}
	phases := []string{"urgency", "urgency", "pause", "urgency", "design", "pause", "urgency", ""}
	kinds := [][]rotonde.BarrierKind{
		{rotonde.BarrierWaiting}, {rotonde.BarrierWaiting, rotonde.BarrierFinancing}, {rotonde.BarrierFinancing},
		{rotonde.BarrierWaiting, rotonde.BarrierContracting}, {rotonde.BarrierRules}, {rotonde.BarrierWaiting, rotonde.BarrierCapacity}, nil,
	}
	out := make([]regionCase, 0, len(regionAliases))
	for i, a := range regionAliases {
		m := "Gemeente Lindeveld"
		if i%3 == 2 {
			m = SecondMunicipality
		}
		out = append(out, regionCase{alias: a, owner: owners[i%len(owners)], municipality: m, phase: phases[i%len(phases)],
			steps: (i * 7) % 5, barriers: kinds[i%len(kinds)], helpers: 3 + i%5})
	}
	return out
}

var barrierTexts = map[rotonde.BarrierKind]string{
	rotonde.BarrierWaiting:     "Acht maanden wachtlijst voor specialistische traumabehandeling; tot die tijd alleen overbruggingszorg.",
	rotonde.BarrierFinancing:   "De beschikking dekt geen gezinsgerichte aanpak; alleen individuele hulp voor het kind wordt vergoed.",
	rotonde.BarrierContracting: "De enige aanbieder met passende hulp heeft geen contract met de gemeente.",
	rotonde.BarrierRules:       "Na de achttiende verjaardag stopt de jeugdhulp, terwijl de vervolgzorg nog niet geregeld is.",
	rotonde.BarrierCapacity:    "Geen plek in een gezinshuis in de regio; de enige opties zijn ver weg.",
}

var cycleTexts = []rotonde.CycleEntry{
	{Step: "connect", Done: "Alle betrokkenen en het gezin samen aan tafel gehad."},
	{Step: "analyse", Done: "De tijdlijn samen doorgelopen en de patronen benoemd."},
	{Step: "apply-knowledge", Done: "Kennis over hechting en trauma erbij gehaald."},
	{Step: "monitor", Done: "Na zes weken samen teruggekeken: wat werkt, wat niet?"},
}

// regionStories are the two published stories, written without names or places.
var regionStories = []rotonde.Story{
	{Title: "Negen plekken in vier jaar", Body: "Een meisje van veertien woonde in vier jaar op negen plekken. Elke keer dat het goed ging, " +
		"moest ze weer verhuizen, omdat de plek tijdelijk was of de financiering stopte. Pas toen alle betrokkenen en haar moeder " +
		"samen de tijdlijn bekeken, zag iedereen het patroon. Wat haar hielp: één vaste begeleider die bleef, ook toen het misging."},
	{Title: "Wachten op de juiste hulp", Body: "Een jongen van twaalf stond acht maanden op een wachtlijst voor traumabehandeling. " +
		"In die tijd kreeg hij drie keer overbruggingszorg van steeds andere hulpverleners. Zijn ouders vertelden dat ze hun verhaal " +
		"elke keer opnieuw moesten doen. De gemeente en de aanbieder spraken daarna af dat overbrugging door één vertrouwd gezicht gebeurt."},
}

// seedRegion creates the region's cases; Noor's case gets its municipality too.
func seedRegion(ctx context.Context, s Store, orgs map[string]*rotonde.Organisation, users map[string]*rotonde.User, noor int64) error {
	second := &rotonde.Organisation{Name: SecondMunicipality, Kind: rotonde.OrgMunicipality, RegionID: orgs["Gemeente Lindeveld"].RegionID}
	if err := s.Orgs.CreateOrganisation(ctx, nil, second); err != nil {
		return fmt.Errorf("organisation %s: %w", second.Name, err)
	}
	orgs[second.Name] = second
	if err := s.Network.SetMunicipality(ctx, users["hulpverlener@demo.test"], noor, orgs["Gemeente Lindeveld"].ID); err != nil {
		return fmt.Errorf("municipality of %s: %w", CaseTitle, err)
	}
	if err := s.Network.AddBarrier(ctx, users["hulpverlener@demo.test"], &rotonde.Barrier{CaseID: noor, Kind: rotonde.BarrierCapacity,
		Explanation: "Voor een meisje van vijftien met deze vragen is in de regio alleen een plek in gesloten jeugdhulp vrij."}); err != nil {
		return fmt.Errorf("barrier of %s: %w", CaseTitle, err)
	}
	storyCases := map[int]int{0: 0, 4: 1} // case index → story
	for i, rc := range regionCases() {
		owner := users[rc.owner]
		c := &rotonde.Case{Title: rc.alias, Reason: "Een vastgelopen traject dat we samen willen bekijken."}
		if err := s.Cases.CreateCase(ctx, owner, c); err != nil {
			return fmt.Errorf("case %s: %w", rc.alias, err)
		}
		if err := s.Network.SetMunicipality(ctx, owner, c.ID, orgs[rc.municipality].ID); err != nil {
			return fmt.Errorf("municipality of %s: %w", rc.alias, err)
		}
		if rc.phase != "" {
			if err := s.Progress.SetPhase(ctx, owner, &rotonde.PhaseChange{CaseID: c.ID, Phase: rc.phase}); err != nil {
				return fmt.Errorf("phase of %s: %w", rc.alias, err)
			}
		}
		for _, e := range cycleTexts[:rc.steps] {
			e.CaseID = c.ID
			if err := s.Progress.AddCycleEntry(ctx, owner, &e); err != nil {
				return fmt.Errorf("cycle of %s: %w", rc.alias, err)
			}
		}
		for _, k := range rc.barriers {
			if err := s.Network.AddBarrier(ctx, owner, &rotonde.Barrier{CaseID: c.ID, Kind: k, Explanation: barrierTexts[k]}); err != nil {
				return fmt.Errorf("barrier of %s: %w", rc.alias, err)
			}
		}
		if err := s.Timeline.AddTimelineEvents(ctx, owner, c.ID, regionTimeline(rc.helpers, i)); err != nil {
			return fmt.Errorf("timeline of %s: %w", rc.alias, err)
		}
		if si, ok := storyCases[i]; ok {
			st := regionStories[si]
			st.CaseID = c.ID
			if err := s.Network.SaveStory(ctx, owner, &st); err != nil {
				return fmt.Errorf("story of %s: %w", rc.alias, err)
			}
			if err := s.Network.PublishStory(ctx, owner, c.ID, st.ID, rotonde.StoryConsent{Given: true, GivenBy: "de jongere en de ouders"}); err != nil {
				return fmt.Errorf("story of %s: %w", rc.alias, err)
			}
		}
	}
	return nil
}

// regionTimeline is a short invented history: help by a growing number of
// professionals of different organisations, a year apart.
func regionTimeline(helpers, seed int) []timeline.Event {
	orgNames := []string{"Wijkteam", "Jeugdhulpaanbieder", "GGZ", "Jeugdbescherming", "Crisisopvang", "Pleegzorg"}
	var out []timeline.Event
	for h := 0; h < helpers; h++ {
		out = append(out, timeline.Event{
			Date: timeline.MonthOf(2019+h%6, 1+(seed+h*5)%12), Kind: timeline.KindDecision, Source: timeline.SourceDossier,
			Description:   "Nieuwe hulp gestart",
			Helpers:       []string{fmt.Sprintf("hulpverlener %d", h+1)},
			Organisations: []string{orgNames[(seed+h)%len(orgNames)]},
		})
	}
	return out
}
