package knowledge

import (
	"sort"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Code groups: themes are the network's own; the others are the method's
// ready-made groups, filled from the library when a codebook starts.
const (
	GroupTheme     = "theme"
	GroupVerb      = "verb"
	GroupField     = "field"
	GroupComponent = "component"
)

// Codebook is a network's set of codes for the common threads.
type Codebook struct {
	ID        int64
	Name      string
	RegionID  int64 // the region of its creator's organisation, or 0
	CreatedBy int64
	CreatedAt time.Time
	Codes     []Code // filled by Store.Codebook, parents before children
}

// Code is a theme or sub-theme (ParentID) with a colour; Group and Key tie a
// ready-made code to the method library.
type Code struct {
	ID         int64
	CodebookID int64
	ParentID   int64
	Group      string
	Key        string // the library key for a ready-made code, "" for a theme
	Name       string
	Colour     string // "#rrggbb"
}

// Coding is one coder's decision that a code applies to a shared record,
// optionally to a selection of its paraphrase (Start, End in characters).
type Coding struct {
	ID         int64
	CodebookID int64
	CodeID     int64
	RecordID   int64
	CoderID    int64
	Start, End int
	CreatedAt  time.Time
}

// Note kinds: a memo about the material, a decision in the coding logbook.
const (
	NoteMemo     = "memo"
	NoteDecision = "decision"
)

// Note is a memo or a logbook entry of a codebook.
type Note struct {
	ID         int64
	CodebookID int64
	Kind       string
	Body       string
	AuthorName string
	CreatedBy  int64
	CreatedAt  time.Time
}

// Validate checks a codebook before it is stored.
func (b *Codebook) Validate() error {
	return checkName(&b.Name, "err.knowledge.name_codebook")
}

// maxName is the length of a codebook's, a code's and a series' name, in
// characters.
const maxName = 120

// checkName trims *name and refuses it when it is empty (with the message
// under missingKey) or longer than maxName.
func checkName(name *string, missingKey string) error {
	*name = strings.TrimSpace(*name)
	if *name == "" {
		return rotonde.E(rotonde.EInvalid, missingKey)
	}
	if tooLong(*name, maxName) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.name_too_long", maxName)
	}
	return nil
}

// Validate checks a code before it is stored.
func (c *Code) Validate() error {
	c.Colour = strings.ToLower(strings.TrimSpace(c.Colour))
	if err := checkName(&c.Name, "err.knowledge.name_code"); err != nil {
		return err
	}
	if c.Group == "" {
		c.Group = GroupTheme
	}
	switch c.Group {
	case GroupTheme, GroupVerb, GroupField, GroupComponent:
	default:
		return rotonde.E(rotonde.EInvalid, "err.knowledge.unknown_code_group")
	}
	if c.Colour == "" {
		c.Colour = "#5b6f8a"
	}
	if !isColour(c.Colour) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.colour")
	}
	return nil
}

func isColour(s string) bool {
	if len(s) != 7 || s[0] != '#' {
		return false
	}
	for _, r := range s[1:] {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// Validate checks a coding against the paraphrase it codes.
func (c *Coding) Validate(paraphrase string) error {
	n := len([]rune(paraphrase))
	if c.Start < 0 || c.End < 0 || c.End > n || (c.End != 0 && c.Start >= c.End) || (c.End == 0 && c.Start != 0) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.selection")
	}
	return nil
}

// Validate checks a note before it is stored.
func (n *Note) Validate() error {
	n.Body = strings.TrimSpace(n.Body)
	if n.Kind != NoteMemo && n.Kind != NoteDecision {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.unknown_note")
	}
	if n.Body == "" {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.write_note")
	}
	if tooLong(n.Body, MaxLength) {
		return rotonde.E(rotonde.EInvalid, "err.knowledge.text_has_at_most_characters", MaxLength)
	}
	return nil
}

// Kappa is Cohen's kappa for two coders' yes/no decisions on the same
// items: (po − pe) / (1 − pe). ok is false when there are no items or the
// lengths differ. When both coders agree on every item and chance agreement
// is complete too (pe = 1), kappa is 1.
func Kappa(a, b []bool) (kappa float64, ok bool) {
	if len(a) == 0 || len(a) != len(b) {
		return 0, false
	}
	var both, aOnly, bOnly int
	for i := range a {
		switch {
		case a[i] && b[i]:
			both++
		case a[i]:
			aOnly++
		case b[i]:
			bOnly++
		}
	}
	return KappaCounts(len(a), both, aOnly, bOnly), true
}

// PairKappa is the agreement of two coders on one code.
type PairKappa struct {
	CoderA, CoderB int64
	Items          int // records both coders coded with any code
	Kappa          float64
}

// AgreementPerCode computes Cohen's kappa per code for every pair of coders,
// over the records both of them coded (with any code of the codebook): on
// each such record, did each coder apply the code or not.
func AgreementPerCode(codings []Coding) map[int64][]PairKappa {
	type key struct{ rec, coder int64 }
	applied := map[key]map[int64]bool{}
	codersOf := map[int64]map[int64]bool{} // record → coders
	codes := map[int64]bool{}
	coders := map[int64]bool{}
	for _, c := range codings {
		k := key{c.RecordID, c.CoderID}
		if applied[k] == nil {
			applied[k] = map[int64]bool{}
		}
		applied[k][c.CodeID] = true
		if codersOf[c.RecordID] == nil {
			codersOf[c.RecordID] = map[int64]bool{}
		}
		codersOf[c.RecordID][c.CoderID] = true
		codes[c.CodeID], coders[c.CoderID] = true, true
	}
	coderList := sortedKeys(coders)
	out := map[int64][]PairKappa{}
	for i := 0; i < len(coderList); i++ {
		for j := i + 1; j < len(coderList); j++ {
			ca, cb := coderList[i], coderList[j]
			var both []int64
			for rec, cs := range codersOf {
				if cs[ca] && cs[cb] {
					both = append(both, rec)
				}
			}
			if len(both) == 0 {
				continue
			}
			sort.Slice(both, func(x, y int) bool { return both[x] < both[y] })
			for _, code := range sortedKeys(codes) {
				a := make([]bool, len(both))
				b := make([]bool, len(both))
				for n, rec := range both {
					a[n] = applied[key{rec, ca}][code]
					b[n] = applied[key{rec, cb}][code]
				}
				k, _ := Kappa(a, b)
				out[code] = append(out[code], PairKappa{CoderA: ca, CoderB: cb, Items: len(both), Kappa: k})
			}
		}
	}
	return out
}

func sortedKeys(m map[int64]bool) []int64 {
	out := make([]int64, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

// CoOccurrence counts, for every pair of codes, the records to which both
// were applied (by any coder). The matrix is symmetric; the diagonal holds
// the number of records each code was applied to. codes gives the order.
func CoOccurrence(codes []int64, codings []Coding) [][]int {
	index := map[int64]int{}
	for i, c := range codes {
		index[c] = i
	}
	perRecord := map[int64]map[int]bool{}
	for _, c := range codings {
		i, ok := index[c.CodeID]
		if !ok {
			continue
		}
		if perRecord[c.RecordID] == nil {
			perRecord[c.RecordID] = map[int]bool{}
		}
		perRecord[c.RecordID][i] = true
	}
	m := make([][]int, len(codes))
	for i := range m {
		m[i] = make([]int, len(codes))
	}
	for _, set := range perRecord {
		for a := range set {
			for b := range set {
				m[a][b]++
			}
		}
	}
	return m
}
