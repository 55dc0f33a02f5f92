package rotonde

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
)

// The route into policy: where a case sits (its municipality, and so its
// region), the barriers that stand in the way of a good professional
// decision in it, the anonymised stories its members publish to the
// network, and the network view that counts cases per region and
// municipality without case content or names.

// BarrierKind is the kind of condition (randvoorwaarde) that stands in the way.
type BarrierKind string

const (
	BarrierRules       BarrierKind = "rules"       // regelgeving
	BarrierFinancing   BarrierKind = "financing"   // financiering
	BarrierContracting BarrierKind = "contracting" // contractering
	BarrierCapacity    BarrierKind = "capacity"    // capaciteit
	BarrierWaiting     BarrierKind = "waiting"     // wachtlijst
	BarrierOther       BarrierKind = "other"       // anders
)

// BarrierKinds lists the kinds in the order forms and the network view show them.
var BarrierKinds = []BarrierKind{BarrierRules, BarrierFinancing, BarrierContracting, BarrierCapacity, BarrierWaiting, BarrierOther}

// Valid reports whether k is a known kind.
func (k BarrierKind) Valid() bool { return slices.Contains(BarrierKinds, k) }

// MaxBarrierExplanation bounds a barrier's explanation in characters.
const MaxBarrierExplanation = 1000

// Barrier is one condition that stands in the way of a good decision in a
// case, answering "Welke randvoorwaarden staan een goede beslissing in de
// weg?" (Transformeren kun je leren, Nji 2025).
type Barrier struct {
	ID          int64
	CaseID      int64
	Kind        BarrierKind
	Explanation string
	CreatedBy   int64
	CreatedAt   time.Time
	UpdatedBy   int64
	UpdatedAt   time.Time
	AuthorName  string // filled on reads: who changed it last
}

// Validate checks a barrier before it is stored.
func (b *Barrier) Validate() error {
	b.Explanation = strings.TrimSpace(b.Explanation)
	if !b.Kind.Valid() {
		return E(EInvalid, "err.rotonde.choose_kind_of_barrier")
	}
	if b.Explanation == "" {
		return E(EInvalid, "err.rotonde.explain_barrier")
	}
	if tooLong(b.Explanation, MaxBarrierExplanation) {
		return E(EInvalid, "err.rotonde.barrier_explanation_too_long", MaxBarrierExplanation)
	}
	return nil
}

// Story is an anonymised account of a case for the network. A draft is for
// the case's members; published (with the family's consent recorded) it is
// read by everyone logged in within the case's region, without a link to
// the case.
type Story struct {
	ID             int64
	CaseID         int64 // 0 on reads from the network: a published story does not lead to its case
	Title          string
	Body           string
	ConsentGivenBy string // who in the family agreed to publication ("moeder en Noor (15)")
	ConsentBy      int64
	ConsentAt      time.Time
	RegionID       int64
	RegionName     string // filled on reads
	PublishedAt    time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// Published reports whether the story has been published to the network.
func (s *Story) Published() bool { return !s.PublishedAt.IsZero() }

// Story length limits, in characters.
const (
	MaxStoryTitle = 150
	MaxStoryBody  = 10000
)

// Validate checks a story's text before it is stored.
func (s *Story) Validate() error {
	s.Title = strings.TrimSpace(s.Title)
	s.Body = strings.TrimSpace(s.Body)
	if s.Title == "" {
		return E(EInvalid, "err.rotonde.give_story_title")
	}
	if s.Body == "" {
		return E(EInvalid, "err.rotonde.write_story")
	}
	if tooLong(s.Title, MaxStoryTitle) || tooLong(s.Body, MaxStoryBody) {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	return nil
}

// StoryConsent is the family's consent to publish a story, as the member
// who publishes it records it.
type StoryConsent struct {
	Given   bool   // the family agreed to publication of this text
	GivenBy string // who agreed
}

// Validate checks the consent before publication.
func (c *StoryConsent) Validate() error {
	c.GivenBy = strings.TrimSpace(c.GivenBy)
	if !c.Given {
		return E(EInvalid, "err.rotonde.story_needs_family_consent")
	}
	if c.GivenBy == "" {
		return E(EInvalid, "err.rotonde.fill_in_who_gave_consent")
	}
	if tooLong(c.GivenBy, 200) {
		return E(EInvalid, "err.rotonde.one_of_fields_is_too_long")
	}
	return nil
}

// KnownNames finds the names and places of a case that still occur in a
// text: whole words, case-insensitive, without an alias's age in brackets.
// Names shorter than three letters are left out (they would match ordinary
// words).
func KnownNames(text string, names []string) []string {
	words := map[string]bool{}
	lower := strings.ToLower(text)
	for _, w := range strings.FieldsFunc(lower, notLetter) {
		words[w] = true
	}
	var out []string
	seen := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		key := strings.ToLower(n)
		if len([]rune(key)) < 3 || seen[key] {
			continue
		}
		// An alias's age in brackets is no part of the name: "Noor (15)" is found as "Noor".
		if i := strings.IndexByte(key, '('); i > 0 {
			key = strings.TrimSpace(key[:i])
		}
		if len([]rune(key)) < 3 {
			continue
		}
		parts := strings.FieldsFunc(key, notLetter)
		if len(parts) == 0 {
			continue
		}
		found := true
		if len(parts) == 1 {
			found = words[parts[0]]
		} else {
			found = containsWords(lower, parts)
		}
		if found {
			seen[key] = true
			out = append(out, n)
		}
	}
	return out
}

func notLetter(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// containsWords reports whether the words occur one after the other in text.
func containsWords(text string, parts []string) bool {
	fields := strings.FieldsFunc(text, notLetter)
	for i := 0; i+len(parts) <= len(fields); i++ {
		match := true
		for j, p := range parts {
			if fields[i+j] != p {
				match = false
				break
			}
		}
		if match {
			return true
		}
	}
	return false
}

// CasePlace is where a case sits in the network: its municipality and
// region, and the phase of learning together it is in ("" before any).
type CasePlace struct {
	CaseID           int64
	MunicipalityID   int64
	MunicipalityName string
	RegionID         int64
	RegionName       string
	Phase            string
}

// OverviewCell is one count of the network view; Count is nil when the
// count is suppressed (small, or able to reveal a small one).
type OverviewCell struct {
	Label string `json:"label"`
	Count *int   `json:"count"`
}

// OverviewRow is one municipality (or the region's total) of a table.
type OverviewRow struct {
	Label string         `json:"label"`
	Cells []OverviewCell `json:"cells"`
	Total *int           `json:"total"`
}

// OverviewTable is one dimension of the network view: "phase", "cycle",
// "signals", "barriers" (and, once the codebook exists, "threads").
type OverviewTable struct {
	Name string        `json:"name"`
	Rows []OverviewRow `json:"rows"`
}

// Overview is the network view of a region or of one of its
// municipalities: counts only, with small counts suppressed.
type Overview struct {
	RegionID         int64           `json:"region_id"`
	RegionName       string          `json:"region"`
	MunicipalityID   int64           `json:"municipality_id,omitempty"`
	MunicipalityName string          `json:"municipality,omitempty"`
	Tables           []OverviewTable `json:"tables"`
}

// OverviewTotalLabel is the label of a table's row for the whole region.
const OverviewTotalLabel = "total"

// MinPublishedCount is the smallest count the network view shows; smaller
// counts other than zero are suppressed.
const MinPublishedCount = 10

// NetworkService keeps where cases sit, their barriers and stories, and
// counts the network view. Case methods are scoped by membership like
// CaseService (ENotFound for a case the actor is not a member of).
type NetworkService interface {
	// CasePlace returns where a case sits, for its members.
	CasePlace(ctx context.Context, actor *User, caseID int64) (*CasePlace, error)
	// SetMunicipality sets (0: clears) the case's municipality; only the case
	// owner may (EForbidden), and only an organisation of kind municipality (EInvalid).
	SetMunicipality(ctx context.Context, actor *User, caseID, municipalityID int64) error
	// Municipalities lists the organisations of kind municipality.
	Municipalities(ctx context.Context) ([]Organisation, error)

	// Barriers lists a case's barriers for its members.
	Barriers(ctx context.Context, actor *User, caseID int64) ([]Barrier, error)
	// AddBarrier stores a barrier; the writers of the case may (EForbidden otherwise).
	AddBarrier(ctx context.Context, actor *User, b *Barrier) error
	// UpdateBarrier changes a barrier's kind and explanation; the writers of the case may.
	UpdateBarrier(ctx context.Context, actor *User, b *Barrier) error
	// DeleteBarrier removes a barrier; the writers of the case may.
	DeleteBarrier(ctx context.Context, actor *User, caseID, barrierID int64) error

	// CaseStories lists a case's stories, drafts and published, for its members.
	CaseStories(ctx context.Context, actor *User, caseID int64) ([]Story, error)
	// CaseStory returns one story of the case, draft or published, for its
	// members; ENotFound when the case has no such story.
	CaseStory(ctx context.Context, actor *User, caseID, storyID int64) (*Story, error)
	// SaveStory stores a new draft (ID 0) or changes a draft; the writers of
	// the case may. A published story cannot be changed (EConflict).
	SaveStory(ctx context.Context, actor *User, s *Story) error
	// PublishStory publishes a draft with the family's consent; the writers of
	// the case may. The case needs a municipality in a region (EConflict).
	PublishStory(ctx context.Context, actor *User, caseID, storyID int64, consent StoryConsent) error
	// WithdrawStory takes a published story back to a draft; the writers of the case may.
	WithdrawStory(ctx context.Context, actor *User, caseID, storyID int64) error
	// NamesInCase lists the names and places known in a case: persons of the
	// geno-sociogram, members, and persons, organisations and places of the
	// timeline, so that a story can be checked for them before publication.
	NamesInCase(ctx context.Context, actor *User, caseID int64) ([]string, error)
	// PublishedStories lists the stories published in the actor's region
	// (every region for a system administrator), newest first.
	PublishedStories(ctx context.Context, actor *User) ([]Story, error)
	// PublishedStory returns one published story the actor may read, or ENotFound.
	PublishedStory(ctx context.Context, actor *User, storyID int64) (*Story, error)

	// OverviewRegions lists the regions whose network view the actor may open
	// (administrators and policy officers: their organisation's region; the
	// system administrator: all); others get EForbidden.
	OverviewRegions(ctx context.Context, actor *User) ([]Region, error)
	// RegionOverview counts the network view of a region; with a
	// municipality, of that municipality of the region. ENotFound when the
	// actor may not open it.
	RegionOverview(ctx context.Context, actor *User, regionID, municipalityID int64) (*Overview, error)
	// MunicipalityRegion returns the region of a municipality, or ENotFound.
	MunicipalityRegion(ctx context.Context, municipalityID int64) (int64, error)
}
