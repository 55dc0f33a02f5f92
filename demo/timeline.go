package demo

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// NoorSaid opens an answer in the dream that holds Noor's own words, written
// down by the facilitator after their conversation.
const NoorSaid = "Noor, in het gesprek met Femke op 3 november 2025: "

// seedCaseContent puts Noor's invented history on the timeline and fills in
// part of the dream: her own words from a conversation, her mother's, and
// one professional's own answers. Some questions stay open on purpose.
func seedCaseContent(ctx context.Context, s Store, caseID int64, owner, family, facilitator *rotonde.User) error {
	if err := s.Timeline.AddTimelineEvents(ctx, owner, caseID, NoorTimeline()); err != nil {
		return fmt.Errorf("timeline: %w", err)
	}
	// Noor has no account: her own words were written down by the
	// facilitator after their conversation, and say so; her mother writes
	// in her own voice. Nobody's words are credited to someone else.
	if err := s.Dreams.SaveDreamAnswers(ctx, facilitator, caseID, []rotonde.DreamAnswer{
		{QuestionKey: "dreams", Answer: NoorSaid + "\"Gewoon een eigen kamer waar ik mag blijven. Later wil ik dierenarts worden, of iets met paarden.\""},
		{QuestionKey: "in-the-way", Answer: NoorSaid + "\"Elke keer als het goed gaat, moet ik weer weg.\""},
	}); err != nil {
		return fmt.Errorf("dream (Noor's words): %w", err)
	}
	if err := s.Dreams.SaveDreamAnswers(ctx, family, caseID, []rotonde.DreamAnswer{
		{QuestionKey: "important-people", Answer: "Oma (mz), haar broertje Daan en de juf van groep 8 met wie ze nog appt. En ik, ook als we ruzie hebben. Ik maak me zorgen over het weglopen."},
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
