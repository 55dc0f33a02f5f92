// Package research is what a researcher may take from a network: the
// shared, de-identified knowledge records with their codebook, codings,
// coders and memos, and the cases' variables (organisation, region,
// phase), never case content or names of the people in a case.
//
// A researcher's access is per network (a region), granted by an
// administrator of an organisation in that region or by a system
// administrator, and ends on a set day. Every export is logged (action E).
package research

import (
	"context"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde"
)

// MaxGrantDays bounds how long access may be granted at once.
const MaxGrantDays = 2 * 366

// Grant gives one researcher access to one network's shared material until
// a day; revoking ends it early.
type Grant struct {
	ID           int64
	ResearcherID int64
	RegionID     int64
	Until        time.Time // the last day access holds, at midnight UTC
	Purpose      string    // the study, in a sentence
	GrantedBy    int64
	CreatedAt    time.Time
	RevokedAt    time.Time // zero while not revoked
	// Filled on reads.
	ResearcherName string
	RegionName     string
	GrantedByName  string
}

// Active reports whether the grant lets the researcher in at now.
func (g *Grant) Active(now time.Time) bool {
	return g.RevokedAt.IsZero() && !now.After(g.Until.Add(24*time.Hour))
}

// Validate checks a new grant against the day it is given.
func (g *Grant) Validate(now time.Time) error {
	g.Purpose = strings.TrimSpace(g.Purpose)
	switch {
	case g.ResearcherID == 0:
		return rotonde.E(rotonde.EInvalid, "err.research.choose_researcher")
	case g.RegionID == 0:
		return rotonde.E(rotonde.EInvalid, "err.research.choose_network")
	case g.Until.IsZero():
		return rotonde.E(rotonde.EInvalid, "err.research.give_end_date")
	case g.Until.Before(now.Truncate(24 * time.Hour)):
		return rotonde.E(rotonde.EInvalid, "err.research.end_date_in_past")
	case g.Until.After(now.AddDate(0, 0, MaxGrantDays)):
		return rotonde.ECount(rotonde.EInvalid, "err.research.end_date_too_far", MaxGrantDays/366)
	case g.Purpose == "":
		return rotonde.E(rotonde.EInvalid, "err.research.give_purpose")
	case len([]rune(g.Purpose)) > 500:
		return rotonde.E(rotonde.EInvalid, "err.research.purpose_too_long", 500)
	}
	return nil
}

// Material is one network's exportable research material.
type Material struct {
	Network    string // the region's name, or the database's for a full export
	ExportedAt time.Time
	Coders     []Coder
	Codes      []Code
	Texts      []Text
	Memos      []Memo
	Cases      []Case
}

// Coder is someone who coded or wrote a memo.
type Coder struct {
	ID   int64
	Name string
}

// Code is an entry of the network's codebook; ParentID 0 is the top.
type Code struct {
	ID       int64
	ParentID int64
	Name     string
	Colour   string // #rrggbb
	Group    string // theme, verb, field, component
}

// Text is a shared knowledge record: its paraphrase, never its original.
type Text struct {
	ID       int64
	CaseID   int64 // 0 for a group's or one's own record
	Kind     string
	Level    string
	Body     string
	SharedAt time.Time
	Codings  []Coding
}

// Coding is a coder's code on a text, over characters Start to End of
// its body (End 0: the whole text).
type Coding struct {
	ID      int64
	CodeID  int64
	CoderID int64
	Start   int
	End     int
	At      time.Time
}

// Memo is a note of the codebook (a memo or a logged coding decision).
type Memo struct {
	ID      int64
	CoderID int64
	Kind    string
	Body    string
	At      time.Time
}

// Case is a case as a researcher sees it: a number and its variables.
type Case struct {
	ID           int64
	Organisation string
	Region       string
	Phase        string
}

// ImportResult says what an import brought home.
type ImportResult struct {
	Codes   int // new codes added to the codebook
	Codings int // new codings
	Memos   int // new memos
	Skipped int // codings of texts that are not shared material of the network
}

// Service grants research access and gives the material.
type Service interface {
	// GrantAccess stores a grant. An administrator of an organisation in the
	// region or a system administrator may; the grantee must be a researcher.
	GrantAccess(ctx context.Context, actor *rotonde.User, g *Grant) error
	// RevokeAccess ends a grant at once; the same people may.
	RevokeAccess(ctx context.Context, actor *rotonde.User, grantID int64) error
	// Grants lists what the actor may see: a researcher their own, an
	// administrator those of the regions of their organisation, a system
	// administrator all.
	Grants(ctx context.Context, actor *rotonde.User) ([]Grant, error)
	// MayResearch tells whether the actor may use a network's material: nil
	// for a researcher with an active grant for it, else EForbidden.
	MayResearch(ctx context.Context, actor *rotonde.User, regionID int64) error
	// Material gives a network's shared, coded material to a researcher with
	// an active grant for it, and logs the export. A nil actor (the command
	// line, with access to the database itself) may take every network with
	// regionID 0.
	Material(ctx context.Context, actor *rotonde.User, regionID int64) (*Material, error)
	// ImportCodings brings codings, codes and memos made in another tool back
	// into the network's codebook (a nil actor: the command line, which
	// credits what is new to the codebook's creator): read gets the network's current material
	// and returns what is new in the file (see refiqda.ToMaterial) and how
	// many codings it skipped, or why the file cannot be read; it runs only
	// once the actor's access is checked. Everything or nothing is stored.
	ImportCodings(ctx context.Context, actor *rotonde.User, regionID int64, read func(known *Material) (*Material, int, error)) (ImportResult, error)
}
