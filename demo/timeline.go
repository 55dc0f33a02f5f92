package demo

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// seedCaseContent puts Noor's invented history on the timeline and fills in
// part of the dream: her own words from a conversation, the family's, and
// one professional's own answers. Some questions stay open on purpose.
func seedCaseContent(ctx context.Context, s Store, caseID int64, owner, family, facilitator *rotonde.User) error {
	if err := s.Timeline.AddTimelineEvents(ctx, owner, caseID, timeline.DemoNoor()); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	if err := s.Dreams.SaveDreamAnswers(ctx, family, caseID, []rotonde.DreamAnswer{
		{QuestionKey: "dreams", Answer: "Noor: \"Gewoon een eigen kamer waar ik mag blijven. Later wil ik dierenarts worden, of iets met paarden.\""},
		{QuestionKey: "important-people", Answer: "Oma (m), haar broertje, en de juf van groep 8 met wie ze nog appt. Moeder hoort erbij, \"ook als we ruzie hebben\"."},
		{QuestionKey: "in-the-way", Answer: "Noor: \"Elke keer als het goed gaat, moet ik weer weg.\" Moeder maakt zich zorgen over weglopen en over de jongens met wie Noor omgaat."},
	}); err != nil {
		return fmt.Errorf("dream (family): %w", err)
	}
	if err := s.Dreams.SaveDreamAnswers(ctx, owner, caseID, []rotonde.DreamAnswer{
		{QuestionKey: "next-step", Answer: "Vóór het besluit over gesloten jeugdhulp één gesprek met Noor, oma en moeder samen, op een plek die Noor kiest."},
		{QuestionKey: "asks-of-me", ForUser: owner.ID, Answer: "Dat ik niet meteen een nieuwe plek zoek, maar eerst blijf en luister."},
		{QuestionKey: "stay-when-tense", ForUser: owner.ID, Answer: "Ik wil het. Ik heb er steun van mijn team voor nodig als het weer misgaat."},
	}); err != nil {
		return fmt.Errorf("dream (owner): %w", err)
	}
	if err := s.Dreams.SaveDreamAnswers(ctx, facilitator, caseID, []rotonde.DreamAnswer{
		{QuestionKey: "core-values", ForUser: facilitator.ID, Answer: "Niemand wordt weggestuurd; we praten met Noor, niet over haar."},
	}); err != nil {
		return fmt.Errorf("dream (facilitator): %w", err)
	}
	return nil
}
