// Package knowledge holds the network's side of learning: dilemmas and
// insights as records of their own (from a case, an intervision group or
// written down), the explicit step that shares one beyond its source, and
// the common threads (rode draden) that several people code in a codebook
// per network.
//
// Only shared records leave their case or group; what is shared is the
// paraphrase, never the original text. The storage contract is Store; the
// rules that need no database are plain functions here (Validate, Kappa,
// CoOccurrence, KnownTermsIn).
package knowledge

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Kind tells a dilemma from an insight.
type Kind string

const (
	KindDilemma Kind = "dilemma"
	KindInsight Kind = "insight"
)

// Link kinds: what a record is tied to in the method library, or a theme.
const (
	LinkTheme     = "theme"
	LinkVerb      = "verb"
	LinkField     = "field"
	LinkComponent = "component"
)

// FollowUpAfter is how long after "wat neem je mee?" Rotonde asks "wat heb
// je ermee gedaan?".
const FollowUpAfter = 6 * 7 * 24 * time.Hour

// MaxLength bounds every text of a record, in characters.
const MaxLength = 4000

// Link ties a record to a theme or to an item of the method library.
type Link struct {
	Kind string // LinkTheme, LinkVerb, LinkField, LinkComponent
	Key  string // the library key, or the theme's own words
}

// Record is a dilemma or an insight. CaseID, GroupID or neither (written
// down on one's own) say where it comes from; only the record's source can
// read it until it is shared.
type Record struct {
	ID        int64
	Kind      Kind
	CaseID    int64 // the case it came from, or 0
	GroupID   int64 // the intervision group it came from, or 0
	InsightID int64 // the case insight it was made from, or 0
	Level     string
	Body      string
	Links     []Link
	// Takeaway answers "wat neem je mee?"; FollowUpDue is when Rotonde asks
	// "wat heb je ermee gedaan?", whose answer is FollowUp.
	Takeaway    string
	FollowUpDue time.Time
	FollowUp    string
	FollowUpAt  time.Time
	// Sharing: the paraphrase is what leaves the source.
	Paraphrase string
	SharedAt   time.Time // zero while not shared
	CreatedBy  int64
	CreatedAt  time.Time
	// Source is what a reader of the source sees about where it came from
	// ("case", "group", "own"); empty in the network's view.
	Source string
}

// Sources of a record.
const (
	SourceCase  = "case"
	SourceGroup = "group"
	SourceOwn   = "own"
)

// ShareView is the record as the network reads it: the paraphrase in place
// of the body, and nothing of its source or author.
func (r Record) ShareView() Record {
	return Record{ID: r.ID, Kind: r.Kind, Level: r.Level, Body: r.Paraphrase, Links: r.Links, Paraphrase: r.Paraphrase, SharedAt: r.SharedAt}
}

// Shared reports whether the record left its source.
func (r *Record) Shared() bool { return !r.SharedAt.IsZero() }

// Keys returns the keys of the record's links of one kind.
func (r *Record) Keys(kind string) []string {
	var out []string
	for _, l := range r.Links {
		if l.Kind == kind {
			out = append(out, l.Key)
		}
	}
	return out
}

func tooLong(s string, n int) bool { return utf8.RuneCountInString(s) > n }

// Validate checks a record before it is stored. Keys of the method library
// are checked by the caller, which holds the library.
func (r *Record) Validate() error {
	r.Body = strings.TrimSpace(r.Body)
	r.Takeaway = strings.TrimSpace(r.Takeaway)
	r.Level = strings.TrimSpace(r.Level)
	if r.Kind != KindDilemma && r.Kind != KindInsight {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.choose_dilemma_or_insight")
	}
	if r.Body == "" {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.describe_record")
	}
	if tooLong(r.Body, MaxLength) || tooLong(r.Takeaway, MaxLength) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.text_has_at_most_characters", MaxLength)
	}
	if r.CaseID != 0 && r.GroupID != 0 {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.one_source")
	}
	seen := map[Link]bool{}
	var links []Link
	for _, l := range r.Links {
		l.Key = strings.TrimSpace(l.Key)
		if l.Key == "" || seen[l] {
			continue
		}
		switch l.Kind {
		case LinkTheme, LinkVerb, LinkField, LinkComponent:
		default:
			return rotonde.E(rotonde.EInvalid, "err.knowledge.unknown_link")
		}
		if tooLong(l.Key, 80) {
			return rotonde.E(rotonde.EInvalid, "err.knowledge.theme_too_long", 80)
		}
		seen[l] = true
		links = append(links, l)
	}
	r.Links = links
	return nil
}

// CheckShare checks the explicit step of sharing: a paraphrase in the
// sharer's own words, the confirmation that identifying details are gone,
// and for case material the family's consent.
func CheckShare(fromCase bool, paraphrase string, stripped, consent bool) error {
	if strings.TrimSpace(paraphrase) == "" {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.write_paraphrase")
	}
	if tooLong(paraphrase, MaxLength) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.text_has_at_most_characters", MaxLength)
	}
	if !stripped {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.confirm_stripped")
	}
	if fromCase && !consent {
		return rotonde.E(rotonde.EForbidden, "err.knowledge.no_family_consent")
	}
	return nil
}

// KnownTermsIn returns the terms (names, places) that occur in text as
// whole words, case-insensitively, each once, in the order of terms. Terms
// shorter than three letters are ignored: they match too much.
func KnownTermsIn(text string, terms []string) []string {
	words := " " + normalise(text) + " "
	var out []string
	seen := map[string]bool{}
	for _, t := range terms {
		n := normalise(t)
		if utf8.RuneCountInString(n) < 3 || seen[n] {
			continue
		}
		if strings.Contains(words, " "+n+" ") {
			seen[n] = true
			out = append(out, strings.TrimSpace(t))
		}
	}
	return out
}

// normalise lowercases and turns everything that is not a letter or digit
// into single spaces, so "Noor (15)" matches "noor".
func normalise(s string) string {
	var b strings.Builder
	space := true
	for _, r := range strings.ToLower(s) {
		if isWordRune(r) {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

func isWordRune(r rune) bool {
	return r == '\'' || ('0' <= r && r <= '9') || (r >= 'a' && r <= 'z') || r > 127 && r != '\u00a0'
}

// TermsOf splits aliases such as "Noor (15)" or "oma (m)" into the words a
// text could name them by ("Noor", "oma"), besides the whole alias.
func TermsOf(aliases ...string) []string {
	var out []string
	for _, a := range aliases {
		a = strings.TrimSpace(a)
		if a == "" {
			continue
		}
		out = append(out, a)
		if i := strings.IndexByte(a, '('); i > 0 {
			out = append(out, strings.TrimSpace(a[:i]))
		}
	}
	return out
}

// Store keeps records, codebooks, codings and notes. Every method checks the
// actor's access beside its query:
//   - a case's records: its members read them, its writers add and share
//     them (sharing needs an active consent of the family);
//   - records written down on one's own: only their author until shared;
//   - shared records, codebooks, codings and notes: the network's learners
//     (CanLearnAcrossCases), within the codebook's region.
//
// A record or codebook out of reach is rotonde.ENotFound.
type Store interface {
	AddRecord(ctx context.Context, actor *rotonde.User, r *Record) error
	Record(ctx context.Context, actor *rotonde.User, id int64) (*Record, error)
	CaseRecords(ctx context.Context, actor *rotonde.User, caseID int64) ([]Record, error)
	OwnRecords(ctx context.Context, actor *rotonde.User) ([]Record, error)
	// KnownTerms are the names and places known in the record's source
	// (genogram persons, members, the timeline), for the warning.
	KnownTerms(ctx context.Context, actor *rotonde.User, recordID int64) ([]string, error)
	// ShareRecord shares the record with the paraphrase. It refuses a
	// paraphrase that still holds a known term (rotonde.EInvalid).
	ShareRecord(ctx context.Context, actor *rotonde.User, recordID int64, paraphrase string, stripped bool) error
	// AnswerFollowUp keeps the answer to "wat heb je ermee gedaan?"; only
	// the record's author answers.
	AnswerFollowUp(ctx context.Context, actor *rotonde.User, recordID int64, answer string) error
	// FollowUps are the actor's own records with a takeaway whose question
	// is not answered yet, the earliest due date first.
	FollowUps(ctx context.Context, actor *rotonde.User) ([]Record, error)
	// SharedRecords are the records shared with the network, as the network
	// sees them: the paraphrase, level, links and dates, never the body,
	// the takeaway, the source or the author.
	SharedRecords(ctx context.Context, actor *rotonde.User) ([]Record, error)

	Codebooks(ctx context.Context, actor *rotonde.User) ([]Codebook, error)
	CreateCodebook(ctx context.Context, actor *rotonde.User, b *Codebook, ready []Code) error
	Codebook(ctx context.Context, actor *rotonde.User, id int64) (*Codebook, error)
	AddCode(ctx context.Context, actor *rotonde.User, c *Code) error
	AddCoding(ctx context.Context, actor *rotonde.User, c *Coding) error
	// AddCodings adds several codings in one step, all or none.
	AddCodings(ctx context.Context, actor *rotonde.User, cs []Coding) error
	Codings(ctx context.Context, actor *rotonde.User, codebookID int64) ([]Coding, error)
	AddNote(ctx context.Context, actor *rotonde.User, n *Note) error
	Notes(ctx context.Context, actor *rotonde.User, codebookID int64) ([]Note, error)

	// The common threads at scale: counts kept beside the codings, so that
	// nothing below loads every shared record or coding.
	//
	// Synthesis is the codebook's synthesis (FromTallies) with each code's
	// quotes; levels are the library's level keys in order.
	Synthesis(ctx context.Context, actor *rotonde.User, codebookID int64, levels []string) (*Synthesis, error)
	// Agreement is Cohen's kappa per code and pair of coders.
	Agreement(ctx context.Context, actor *rotonde.User, codebookID int64) (*Agreement, error)
	// SharedPage lists at most limit shared records as the network sees
	// them, newest first, after the first offset; and how many there are.
	SharedPage(ctx context.Context, actor *rotonde.User, offset, limit int) ([]Record, int, error)
	// RecordCodings lists a codebook's codings of the given records, oldest first.
	RecordCodings(ctx context.Context, actor *rotonde.User, codebookID int64, recordIDs []int64) ([]Coding, error)

	// Intervision series: the group's facilitators plan one, its members
	// read it, confirm their commitment and bring dilemmas (AddRecord with
	// GroupID). A group's record leaves the group only when its author
	// shares it: members check the paraphrase of their own words.
	CreateSeries(ctx context.Context, actor *rotonde.User, s *Series) error
	Series(ctx context.Context, actor *rotonde.User, id int64) (*Series, error)
	GroupSeries(ctx context.Context, actor *rotonde.User, groupID int64) ([]Series, error)
	Commit(ctx context.Context, actor *rotonde.User, seriesID int64) error
	GroupRecords(ctx context.Context, actor *rotonde.User, groupID int64) ([]Record, error)

	// A session runs as a live meeting of the group. StartSession gives the
	// session its meeting with the intervision work forms as steps (a group
	// facilitator; a session that has one returns it); the caller starts it.
	// When the meeting closes, its dilemmas and insights become the group's
	// records, each with a line in the series report. The group's
	// facilitators draft a line's paraphrase; its author checks it (approves
	// or edits): only checked lines leave the group.
	StartSession(ctx context.Context, actor *rotonde.User, seriesID int64, number int) (SessionMeeting, error)
	SessionMeetings(ctx context.Context, actor *rotonde.User, seriesID int64) ([]SessionMeeting, error)
	SeriesReport(ctx context.Context, actor *rotonde.User, seriesID int64) (*SeriesReport, error)
	SaveReportParaphrase(ctx context.Context, actor *rotonde.User, seriesID, recordID int64, paraphrase string) error
	// UpcomingSessions lists, for the start page, the next session of each
	// series in the actor's groups: one running now, else the first planned
	// from today on. Only the group's members see a group's sessions.
	UpcomingSessions(ctx context.Context, actor *rotonde.User) ([]UpcomingSession, error)
}

// CanLearnAcrossCases reports whether a role takes part in the network's
// learning: reading shared records and coding the common threads. Family
// members and system administrators do not; family members share through
// their case.
func CanLearnAcrossCases(role rotonde.Role) bool {
	switch role {
	case rotonde.RoleProfessional, rotonde.RoleFacilitator, rotonde.RoleAdministrator, rotonde.RolePolicyOfficer, rotonde.RoleResearcher:
		return true
	}
	return false
}

// CanOpenCodebook reports whether a role may start a codebook for its network.
func CanOpenCodebook(role rotonde.Role) bool {
	switch role {
	case rotonde.RoleFacilitator, rotonde.RoleAdministrator, rotonde.RolePolicyOfficer, rotonde.RoleResearcher:
		return true
	}
	return false
}
