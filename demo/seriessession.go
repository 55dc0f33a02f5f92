package demo

import (
	"context"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
)

// sessionContribution is what one member of the first intervision group
// wrote in its first session: the work form (step), the input and, for an
// insight, its level; para is the paraphrase its author approved for the
// series report, empty when the line is still to be drafted.
type sessionContribution struct {
	who   string
	step  int
	kind  meeting.CaptureKind
	level string
	body  string
	para  string
}

// firstSession is the first session of the first group's series.
var firstSession = []sessionContribution{
	{who: "ggz@demo.test", step: 0, kind: meeting.Dilemma,
		body: "Ik wil het gezin niet opnieuw laten wachten, maar mijn organisatie eist eerst een eigen intake voordat ik mag beginnen.",
		para: "Een behandelaar moet een gezin opnieuw laten wachten omdat de eigen organisatie eerst een intake eist."},
	{who: "jeugdbeschermer@demo.test", step: 1, kind: meeting.Question,
		body: "Wat zou er gebeuren als je de intake van het wijkteam als de jouwe zou aannemen?"},
	{who: "hulpverlener@demo.test", step: 1, kind: meeting.Question,
		body: "Wie heeft er baat bij dat de intake opnieuw gebeurt?"},
	{who: "beleid@demo.test", step: 2, kind: meeting.Insight, level: "network",
		body: "De gemeente kan in de contracten vastleggen dat een intake van een andere partij geldt.",
		para: "Contracten kunnen vastleggen dat een intake van een andere partij ook geldt."},
	{who: "hulpverlener@demo.test", step: 2, kind: meeting.Insight, level: "personal",
		body: "Ik leg de vertraging bij het gezin neer zonder te zeggen dat die uit onze eigen regels komt."},
	{who: "jeugdbeschermer@demo.test", step: 3, kind: meeting.Takeaway,
		body: "In het teamoverleg voorstellen dat we elkaars intake overnemen als het gezin daarmee instemt.",
		para: "Voorstellen dat teams elkaars intake overnemen als het gezin daarmee instemt."},
}

// seedFirstSession holds the first session of the series as it went,
// on its planned day: the facilitator starts it, the members contribute to
// the four work forms, each step is revealed and the session closed. Three
// authors then approve a paraphrase of their words for the series report;
// the other lines wait for a draft.
func seedFirstSession(ctx context.Context, s Store, users map[string]*rotonde.User, se *knowledge.Series) error {
	fac := users["facilitator@demo.test"]
	return s.at(se.Sessions[0].PlannedAt, func() error {
		sm, err := s.Knowledge.StartSession(ctx, fac, se.ID, 1)
		if err != nil {
			return fmt.Errorf("session: %w", err)
		}
		mid := sm.MeetingID
		if _, err := s.Meetings.StartMeeting(ctx, fac, mid, meeting.NewJoinCode()); err != nil {
			return fmt.Errorf("session start: %w", err)
		}
		for step := range meeting.IntervisionForms {
			if step > 0 {
				if _, err := s.Meetings.MoveStep(ctx, fac, mid, step-1, step); err != nil {
					return fmt.Errorf("session step %d: %w", step, err)
				}
			}
			for _, c := range firstSession {
				if c.step != step {
					continue
				}
				capture := &meeting.Capture{MeetingID: mid, StepPosition: step, Kind: c.kind, Slot: c.level, Body: c.body}
				if _, err := s.Meetings.AddCapture(ctx, meeting.Viewer{User: users[c.who]}, capture); err != nil {
					return fmt.Errorf("contribution of %s: %w", c.who, err)
				}
			}
			if _, err := s.Meetings.RevealStep(ctx, fac, mid); err != nil {
				return fmt.Errorf("reveal step %d: %w", step, err)
			}
		}
		if _, err := s.Meetings.CloseMeeting(ctx, fac, mid, ""); err != nil {
			return fmt.Errorf("session close: %w", err)
		}
		return approveParaphrases(ctx, s, users, se.ID)
	})
}

// approveParaphrases has the authors of the first session's lines save
// the paraphrase of their words they agree with.
func approveParaphrases(ctx context.Context, s Store, users map[string]*rotonde.User, seriesID int64) error {
	for _, c := range firstSession {
		if c.para == "" {
			continue
		}
		author := users[c.who]
		rep, err := s.Knowledge.SeriesReport(ctx, author, seriesID)
		if err != nil {
			return err
		}
		for _, l := range rep.Lines {
			if l.Mine && l.Body == c.body {
				if err := s.Knowledge.SaveReportParaphrase(ctx, author, seriesID, l.RecordID, c.para); err != nil {
					return fmt.Errorf("paraphrase of %s: %w", c.who, err)
				}
			}
		}
	}
	return nil
}
