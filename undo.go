package rotonde

import "time"

// Undoing what is not case content. Removing a member, withdrawing a
// ground, revoking an invitation and closing a meeting leave a reversal
// record in the same transaction; for TrashDays days it can be undone, each
// by whom today's rules let do it (see TrashService.Undo). Deleted case
// content goes to the trash instead (trash.go).

// UndoKind names what a reversal record undoes.
type UndoKind string

const (
	UndoMember     UndoKind = "member"     // a member taken off the case; undo re-adds them
	UndoGround     UndoKind = "ground"     // consent or a legal basis withdrawn; undo puts it back in force
	UndoInvitation UndoKind = "invitation" // an invitation revoked; undo makes it usable again
	UndoMeeting    UndoKind = "meeting"    // a meeting closed; undo reopens it
	UndoStory      UndoKind = "story"      // a story taken off the network; undo publishes it again
	// UndoGroupMember: a member taken out of a group (no case; CaseID is 0,
	// Target the member's user); undo adds them again with their role.
	UndoGroupMember UndoKind = "group_member"
)

// Undo is one reversal record.
type Undo struct {
	ID     int64
	CaseID int64
	Kind   UndoKind
	// Target is the member's user, the ground, the invitation, the meeting or the story.
	Target int64
	// Label names what the action touched as the case names it (the
	// member's name, who gave the consent, the invitee, the meeting).
	Label      string
	DoneBy     int64
	DoneByName string
	DoneAt     time.Time
	UndoneAt   time.Time // zero while it can still be undone
	// Seq is the meeting event that announced a reopened meeting (0 otherwise).
	Seq int64
}
