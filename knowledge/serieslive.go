package knowledge

import (
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// SessionMeeting ties a session of a series to the live meeting it runs as.
type SessionMeeting struct {
	Number    int
	MeetingID int64
	Status    string // the meeting's status: draft, live or closed
}

// ReportLine is one dilemma or insight a session produced, as the series
// report holds it: in a paraphrase its author checked before it leaves the
// group. Body, the member's own words, stays in the group.
type ReportLine struct {
	RecordID   int64
	Number     int // the session it came from
	Kind       Kind
	Level      string
	Body       string
	Paraphrase string
	Checked    bool // the author approved this paraphrase
	Mine       bool // the actor wrote it
}

// SeriesReport is a series' report with what the actor may do with it:
// the group's facilitators draft paraphrases, each author checks their own.
type SeriesReport struct {
	Lines      []ReportLine
	Facilitate bool
}

// Report returns the lines that may leave the group: checked paraphrases
// only, without the original words.
func (r *SeriesReport) Report() []ReportLine {
	var out []ReportLine
	for _, l := range r.Lines {
		if l.Checked && l.Paraphrase != "" {
			out = append(out, ReportLine{RecordID: l.RecordID, Number: l.Number, Kind: l.Kind, Level: l.Level, Paraphrase: l.Paraphrase, Checked: true})
		}
	}
	return out
}

// CheckReportParaphrase checks a paraphrase for the series report: some
// words, not too many, and none of the group's names (terms).
func CheckReportParaphrase(p string, terms []string) (string, error) {
	p = strings.TrimSpace(p)
	if p == "" {
		return "", rotonde.E(rotonde.EInvalid, "err.knowledge.write_paraphrase")
	}
	if tooLong(p, MaxLength) {
		return "", rotonde.E(rotonde.EInvalid, "err.knowledge.text_has_at_most_characters", MaxLength)
	}
	if found := KnownTermsIn(p, terms); len(found) > 0 {
		return "", rotonde.E(rotonde.EInvalid, "err.knowledge.report_paraphrase_names", strings.Join(found, ", "))
	}
	return p, nil
}
