package demo

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// seedProgress gives Noor's case its invented stepfamily with professionals,
// a force field, a phase with history, a learning cycle that shows the
// common skip (steps 3 and 4 without 1 and 2), small steps (one done), two
// insights and a reflective interview with her mother whose report-back is
// still open.
func seedProgress(ctx context.Context, s Store, caseID int64, owner, facilitator *rotonde.User) error {
	if err := s.Genogram.ReplaceGenogram(ctx, owner, caseID, Stepfamily()); err != nil {
		return fmt.Errorf("genogram: %w", err)
	}
	ff := ForceField()
	if err := s.Genogram.SetForceFieldGoal(ctx, facilitator, caseID, ff.Goal); err != nil {
		return fmt.Errorf("force field: %w", err)
	}
	for _, st := range ff.Stakeholders {
		st.ID = ""
		if err := s.Genogram.SaveStakeholder(ctx, facilitator, caseID, &st); err != nil {
			return fmt.Errorf("stakeholder %s: %w", st.Name, err)
		}
	}
	for _, p := range []rotonde.PhaseChange{
		{CaseID: caseID, Phase: "urgency", Reason: "Er wordt gesproken over gesloten jeugdhulp; iedereen zoekt een plek."},
		{CaseID: caseID, Phase: "pause", Reason: "In de eerste leerbijeenkomst besloten we eerst samen te kijken voordat er een nieuwe plek komt."},
	} {
		if err := s.Progress.SetPhase(ctx, facilitator, &p); err != nil {
			return fmt.Errorf("phase: %w", err)
		}
	}
	for _, e := range []rotonde.CycleEntry{
		{CaseID: caseID, Step: "apply-knowledge", Done: "Richtlijn uithuisplaatsing erbij gepakt en een intake bij de GGZ aangevraagd.", EvidenceRef: "tijdlijn: aanmelding GGZ"},
		{CaseID: caseID, Step: "monitor", Done: "Na zes weken geëvalueerd: Noor loopt weer weg van de groep."},
		{CaseID: caseID, Step: "apply-knowledge", Done: "Advies gevraagd over een gesloten machtiging."},
	} {
		if err := s.Progress.AddCycleEntry(ctx, owner, &e); err != nil {
			return fmt.Errorf("cycle: %w", err)
		}
	}
	steps := []*rotonde.SmallStep{
		{CaseID: caseID, Title: "Noor zelf vragen wie er bij de volgende bijeenkomst moet zijn", OwnerUserID: facilitator.ID, Due: "2026-02-01"},
		{CaseID: caseID, Title: "Oma (mz) uitnodigen voor een kop koffie", OwnerText: "oma (mz)", Due: "2026-02-15"},
		{CaseID: caseID, Title: "Alle betrokken hulpverleners op één lijst zetten", OwnerUserID: owner.ID},
	}
	for _, st := range steps {
		if err := s.Progress.AddStep(ctx, owner, st); err != nil {
			return fmt.Errorf("step: %w", err)
		}
	}
	if err := s.Progress.SetStepStatus(ctx, owner, caseID, steps[2].ID, rotonde.StepDone); err != nil {
		return fmt.Errorf("step done: %w", err)
	}
	for _, in := range []rotonde.Insight{
		{CaseID: caseID, Body: "Elke nieuwe plek begon met een nieuw plan; niemand keek eerst terug naar wat wél werkte (het gezinshuis).", Level: "network"},
		{CaseID: caseID, Body: "Ik merk dat ik vooral bel om mijn eigen dossier rond te krijgen, niet om Noor te horen."},
	} {
		if err := s.Progress.AddInsight(ctx, facilitator, &in); err != nil {
			return fmt.Errorf("insight: %w", err)
		}
	}
	iv := &rotonde.Interview{CaseID: caseID, Interviewee: "moeder", ConsentRecording: false, ConsentNotes: true}
	if err := s.Progress.StartInterview(ctx, facilitator, iv); err != nil {
		return fmt.Errorf("interview: %w", err)
	}
	for _, a := range []rotonde.InterviewAnswer{
		{Year: 2020, Month: 2, Question: "Op welk moment wil je terugkomen?", Answer: "De dag dat Noor werd opgehaald. Ik hoorde het pas toen ze al weg was."},
		{Year: 2023, Question: "Wanneer was er een omslagpunt?", Answer: "In het gezinshuis belde iemand me elke week. Toen voelde ik me weer haar moeder."},
	} {
		a.CaseID, a.InterviewID = caseID, iv.ID
		if err := s.Progress.AddInterviewAnswer(ctx, facilitator, &a); err != nil {
			return fmt.Errorf("interview answer: %w", err)
		}
	}
	return nil
}
