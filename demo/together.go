package demo

import (
	"context"
	"fmt"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/tension"
)

// composeMeeting prepares a meeting about the case with the agenda both
// demo meetings use: work card 1 and the perspective switch in which
// everyone speaks as a stakeholder.
func composeMeeting(ctx context.Context, s Store, facilitator *rotonde.User, caseID int64, title string) (*meeting.Meeting, error) {
	lib, err := method.Load()
	if err != nil {
		return nil, err
	}
	m := &meeting.Meeting{CaseID: caseID, Title: title}
	if err := s.Meetings.CreateMeeting(ctx, facilitator, m); err != nil {
		return nil, fmt.Errorf("meeting %q: %w", title, err)
	}
	for _, card := range [][2]string{{"facilitator", ""}, {"perspective-switch", "stakeholders"}} {
		steps, err := meeting.StepsForCard(lib, card[0], card[1])
		if err != nil {
			return nil, err
		}
		if err := s.Meetings.AddSteps(ctx, facilitator, m.ID, steps); err != nil {
			return nil, fmt.Errorf("meeting %q agenda: %w", title, err)
		}
	}
	return m, nil
}

// seedPastMeeting runs the second learning meeting about Noor through to
// its report: observations, a parallel pattern, a dilemma and a commitment
// during work card 1, then the perspective switch in which everyone spoke
// as a stakeholder (never themselves), the second tension-field round
// linked, and the report-back owed to Noor and her mother. It captures no
// insights or small steps, so the case's own lists stay as seeded.
func seedPastMeeting(ctx context.Context, s Store, caseID, roundID int64, users map[string]*rotonde.User) error {
	fac := users["facilitator@demo.test"]
	m, err := composeMeeting(ctx, s, fac, caseID, "Leerbijeenkomst 2: samen naar de tijdlijn kijken")
	if err != nil {
		return err
	}
	if _, err := s.Meetings.StartMeeting(ctx, fac, m.ID, meeting.NewJoinCode()); err != nil {
		return fmt.Errorf("past meeting start: %w", err)
	}
	type say struct {
		step             int
		who              string
		kind             meeting.CaptureKind
		body, role, feel string
	}
	said := []say{
		{2, "ggz@demo.test", meeting.Observation, "Elke nieuwe plek begon met een intake waarin Noor haar verhaal opnieuw moest vertellen.", "", ""},
		{2, "ouder@demo.test", meeting.Observation, "Na de crisisopvang heeft niemand mij gevraagd wat er thuis wél goed ging.", "", ""},
		{3, "hulpverlener@demo.test", meeting.ParallelPattern, "Zoals Noor wegloopt als het spannend wordt, dragen wij haar over als het spannend wordt.", "", ""},
		{3, "jeugdbeschermer@demo.test", meeting.Dilemma, "Een gesloten plek geeft veiligheid, maar bevestigt voor Noor dat niemand naar haar luistert.", "", ""},
		{4, "jeugdbeschermer@demo.test", meeting.Commitment, "Karim vraagt de kinderrechter om tijd voor een gesprek met Noor, oma (mz) en moeder.", "", ""},
		{8, "hulpverlener@demo.test", meeting.Stakeholder, "Ik wil Noor in huis nemen, maar ik ben bang dat ik het niet volhoud.", "oma (mz)", "bang en schuldig"},
		{8, "mentor@demo.test", meeting.Stakeholder, "Als ik me aanpas verdwijn ik, als ik me verzet word ik opgesloten.", "Noor (15)", "boos en moe"},
		{8, "ouder@demo.test", meeting.Stakeholder, "Ik moet veiligheid garanderen, maar elke stap voelt als een nieuwe breuk.", "jeugdbeschermer", "machteloos"},
		{8, "ggz@demo.test", meeting.Stakeholder, "Ik zie Noor elke keer maar kort; ik durf niet te beloven dat ik blijf.", "pleegmoeder", "verdrietig"},
	}
	current := 0
	for _, x := range said {
		for current < x.step {
			if _, err := s.Meetings.MoveStep(ctx, fac, m.ID, current, current+1); err != nil {
				return fmt.Errorf("past meeting step: %w", err)
			}
			current++
		}
		c := &meeting.Capture{MeetingID: m.ID, StepPosition: x.step, Kind: x.kind, Body: x.body, Stakeholder: x.role, Feeling: x.feel}
		if _, err := s.Meetings.AddCapture(ctx, meeting.Viewer{User: users[x.who]}, c); err != nil {
			return fmt.Errorf("past meeting input: %w", err)
		}
	}
	if err := s.Meetings.LinkTensionRound(ctx, fac, m.ID, roundID); err != nil {
		return fmt.Errorf("past meeting round: %w", err)
	}
	if _, err := s.Meetings.CloseMeeting(ctx, fac, m.ID, "Femke belt Noor en haar moeder binnen een week: wat we gehoord hebben, "+
		"en dat Karim de rechter om tijd vraagt voordat er over een gesloten plek wordt besloten."); err != nil {
		return fmt.Errorf("past meeting close: %w", err)
	}
	return nil
}

// seedMeeting prepares the next learning meeting about Noor, a week from
// the day the demo starts, so every member finds the invitation on the
// start page: work card 1 and the perspective switch in which everyone
// speaks as a stakeholder.
func seedMeeting(ctx context.Context, s Store, caseID int64, facilitator *rotonde.User, now time.Time) error {
	m, err := composeMeeting(ctx, s, facilitator, caseID, "Leerbijeenkomst 3: wat heeft Noor nodig?")
	if err != nil {
		return err
	}
	day := now.Local().AddDate(0, 0, 7)
	at := time.Date(day.Year(), day.Month(), day.Day(), 14, 0, 0, 0, time.Local)
	if err := s.Meetings.PlanMeeting(ctx, facilitator, m.ID, meeting.Plan{At: at, Place: "Wijkcentrum De Linde, Lindeveld (zaal 2)"}); err != nil {
		return fmt.Errorf("meeting plan: %w", err)
	}
	return nil
}

// coreFields are the six tension fields, in the method's order.
var coreFields = []string{"makeable", "doing-right", "head-heart-hands", "slow-down", "we-squared", "organisation-network"}

// demoRound is one invented round: who placed themselves where, per field
// in coreFields order.
type demoRound struct {
	name      string
	positions map[string][6]int // e-mail → positions
}

// seedTension gives the demo something to look at on the tension-field
// pages: two revealed rounds of Noor's case whose spreads move (the network
// slowing down and looking more at the shared task), an intervision group
// with one revealed round in which professionals, an administrator and a
// policy officer took part (the role comparison withholds the roles with
// fewer than three placements), and the facilitator's own movement. All
// positions are invented.
func seedTension(ctx context.Context, s Store, caseID int64, users map[string]*rotonde.User) (lastCaseRound int64, err error) {
	facilitator := users["facilitator@demo.test"]
	caseRounds := []demoRound{
		{name: "Leerbijeenkomst 1 (september)", positions: map[string][6]int{
			"hulpverlener@demo.test":    {25, 30, 45, 20, 35, 30},
			"jeugdbeschermer@demo.test": {15, 20, 30, 10, 40, 25},
			"ggz@demo.test":             {30, 35, 55, 25, 45, 40},
			"mentor@demo.test":          {40, 45, 60, 35, 30, 20},
		}},
		{name: "Leerbijeenkomst 2 (november)", positions: map[string][6]int{
			"hulpverlener@demo.test":    {45, 55, 60, 55, 60, 55},
			"jeugdbeschermer@demo.test": {30, 40, 45, 40, 55, 45},
			"ggz@demo.test":             {50, 50, 65, 60, 65, 60},
			"mentor@demo.test":          {55, 60, 70, 50, 50, 45},
		}},
	}
	for _, dr := range caseRounds {
		r := &tension.Round{Name: dr.name, CaseID: caseID, Fields: coreFields}
		if err := playRound(ctx, s, facilitator, r, dr, users); err != nil {
			return 0, err
		}
		lastCaseRound = r.ID
	}

	group := &tension.Group{Name: "Intervisiegroep Vastgelopen trajecten Lindeveld",
		Description: "Professionals, een bestuurder en de gemeente die elk kwartaal samen vertragen."}
	if err := s.Tension.CreateGroup(ctx, facilitator, group); err != nil {
		return 0, fmt.Errorf("group: %w", err)
	}
	groupRound := demoRound{name: "Kwartaalbijeenkomst", positions: map[string][6]int{
		"hulpverlener@demo.test":    {35, 40, 50, 45, 55, 50},
		"jeugdbeschermer@demo.test": {20, 30, 40, 30, 50, 35},
		"ggz@demo.test":             {45, 45, 60, 55, 60, 55},
		"mentor@demo.test":          {50, 55, 65, 40, 45, 40},
		"bestuurder@demo.test":      {20, 25, 35, 30, 40, 70},
		"beleid@demo.test":          {15, 20, 30, 35, 45, 75},
	}}
	for email := range groupRound.positions {
		if err := s.Tension.AddGroupMember(ctx, facilitator, group.ID, email, tension.GroupRoleMember); err != nil {
			return 0, fmt.Errorf("group member %s: %w", email, err)
		}
	}
	if err := playRound(ctx, s, facilitator, &tension.Round{Name: groupRound.name, GroupID: group.ID, Fields: coreFields}, groupRound, users); err != nil {
		return 0, err
	}

	// The facilitator's own placements, twice: their own movement.
	for _, pos := range [][6]int{{30, 35, 50, 30, 45, 40}, {50, 55, 60, 65, 60, 60}} {
		var ps []tension.Placement
		for i, k := range coreFields {
			ps = append(ps, tension.Placement{FieldKey: k, Position: pos[i], Context: "in overleg over Noor"})
		}
		if err := s.Tension.Place(ctx, facilitator, ps); err != nil {
			return 0, fmt.Errorf("own placements: %w", err)
		}
	}
	return lastCaseRound, nil
}

// playRound opens a round, lets everyone place themselves, and reveals it.
func playRound(ctx context.Context, s Store, facilitator *rotonde.User, r *tension.Round, dr demoRound, users map[string]*rotonde.User) error {
	if err := s.Tension.OpenRound(ctx, facilitator, r); err != nil {
		return fmt.Errorf("round %s: %w", r.Name, err)
	}
	for email, pos := range dr.positions {
		var ps []tension.Placement
		for i, k := range coreFields {
			ps = append(ps, tension.Placement{FieldKey: k, Position: pos[i], RoundID: r.ID})
		}
		if err := s.Tension.Place(ctx, users[email], ps); err != nil {
			return fmt.Errorf("round %s, %s: %w", r.Name, email, err)
		}
	}
	if err := s.Tension.SetRoundState(ctx, facilitator, r.ID, tension.RoundRevealed); err != nil {
		return fmt.Errorf("reveal %s: %w", r.Name, err)
	}
	return nil
}
