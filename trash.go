package rotonde

import (
	"context"
	"time"
)

// The case's prullenbak (trash). What a member deletes from a case goes here
// first: it disappears from every page, export and dossier at once, and can
// be put back whole (a person of the geno-sociogram with their ties) for
// TrashDays days. After that the housekeeping job removes it for good.

// TrashDays is how long deleted case content can be put back.
const TrashDays = 30

// TrashKind names what kind of thing an entry of the trash holds. The
// geno-sociogram kinds are those of genogram items ("person", "tie", …).
type TrashKind string

const (
	TrashGenogramPerson      TrashKind = "person"
	TrashGenogramPartnership TrashKind = "partnership"
	TrashGenogramChild       TrashKind = "child"
	TrashGenogramTie         TrashKind = "tie"
	TrashGenogramEvent       TrashKind = "event"
	TrashGenogramHousehold   TrashKind = "household"
	TrashTimelineEvent       TrashKind = "timeline_event"
	TrashStakeholder         TrashKind = "stakeholder"
	TrashBarrier             TrashKind = "barrier"
	// TrashGenogramDrawing is a whole geno-sociogram, replaced by an
	// import; putting it back replaces the drawing again (and puts the
	// replaced one in the trash).
	TrashGenogramDrawing TrashKind = "drawing"
)

// Area is the part of the case an entry belongs to: "genogram", "tijdlijn"
// or "krachtenveld" (the access log's part names).
func (k TrashKind) Area() string {
	switch k {
	case TrashTimelineEvent:
		return "tijdlijn"
	case TrashStakeholder:
		return "krachtenveld"
	case TrashBarrier:
		return "randvoorwaarden"
	}
	return "genogram"
}

// TrashItem is one entry of a case's trash.
type TrashItem struct {
	ID     int64
	CaseID int64
	Kind   TrashKind
	// Label names what was deleted as the case named it ("Opa Henk",
	// "Opa Henk – Oma Wil", the first words of a timeline event).
	Label string
	// Rows is how many stored rows came along (a person's ties, events, …).
	Rows          int
	DeletedBy     int64
	DeletedByName string
	DeletedAt     time.Time
	// AddedByName is who added what was deleted, when the case recorded it
	// (timeline events); empty otherwise.
	AddedByName string
	RestoredAt  time.Time // zero while in the trash
}

// Along is how many stored rows came along with the item itself.
func (t TrashItem) Along() int { return max(t.Rows-1, 0) }

// Expires is when the entry is removed for good.
func (t TrashItem) Expires() time.Time { return t.DeletedAt.AddDate(0, 0, TrashDays) }

// TrashService moves case content to the trash and puts it back.
//
// Every method checks the actor's membership of the case: a non-member gets
// ENotFound. Deleting and restoring need the same right as changing that
// part of the case (the geno-sociogram and force field: policy.CanEditGenogram;
// a timeline event: its author or policy.CanEditTimeline); otherwise
// EForbidden. An entry older than TrashDays days is gone (ENotFound).
type TrashService interface {
	// TrashGenogramItem moves a geno-sociogram item (kind: "person",
	// "partnership", "child", "tie", "event", "household") with everything
	// that hangs off it to the trash.
	TrashGenogramItem(ctx context.Context, actor *User, caseID int64, kind string, id int64) (TrashItem, error)
	// TrashTimelineEvent moves a timeline event to the trash.
	TrashTimelineEvent(ctx context.Context, actor *User, caseID, eventID int64) (TrashItem, error)
	// TrashStakeholder moves a stakeholder of the force field ("s12") to the trash.
	TrashStakeholder(ctx context.Context, actor *User, caseID int64, ref string) (TrashItem, error)
	// DescribeTrash says what deleting would move to the trash, without
	// deleting: the label and the number of rows (for the confirmation).
	DescribeTrash(ctx context.Context, actor *User, caseID int64, kind TrashKind, ref string) (TrashItem, error)
	// Trash lists the case's entries still in the trash, newest first.
	Trash(ctx context.Context, actor *User, caseID int64) ([]TrashItem, error)
	// RestoreTrash puts an entry back. It returns EConflict when what it
	// hangs on was deleted meanwhile (put that back first).
	RestoreTrash(ctx context.Context, actor *User, caseID, itemID int64) (TrashItem, error)
	// TrashBarrier moves a barrier of the case to the trash (policy.CanEditBarriers).
	TrashBarrier(ctx context.Context, actor *User, caseID, barrierID int64) (TrashItem, error)

	// LastUndo returns the newest reversal record of the case for what
	// (kind, target) that can still be undone; ENotFound when there is none.
	LastUndo(ctx context.Context, actor *User, caseID int64, kind UndoKind, target int64) (Undo, error)
	// Undo undoes a reversal record, checking today's rules: a member is
	// re-added by a manager of the case with the same role, only while the
	// same basis holds (else EConflict); a withdrawn ground is put back
	// only by whoever withdrew it, and consent only by a family member
	// (undoing a withdrawal is the family's choice, never another's); an
	// invitation is made usable again by a manager until it expires; a
	// meeting is reopened by a facilitator. A record older than TrashDays
	// days, undone already or of another case is ENotFound.
	Undo(ctx context.Context, actor *User, caseID, id int64) (Undo, error)
}
