package genogram

import (
	"context"

	rotonde "github.com/rotonde-jeugd/rotonde"
)

// Store keeps a case's geno-sociogram and force field. Every method checks
// the actor's access to the case itself: a case the actor may not see gives
// ENotFound, and only those who may write the case change it.
type Store interface {
	Genogram(ctx context.Context, actor *rotonde.User, caseID int64) (*Genogram, rotonde.GenogramRefs, error)
	SavePerson(ctx context.Context, actor *rotonde.User, caseID int64, p *Person) error
	SavePartnership(ctx context.Context, actor *rotonde.User, caseID int64, pt *Partnership) error
	AddChild(ctx context.Context, actor *rotonde.User, caseID int64, pc *ParentChild) error
	AddTie(ctx context.Context, actor *rotonde.User, caseID int64, t *Tie) error
	AddLifeEvent(ctx context.Context, actor *rotonde.User, caseID int64, e *LifeEvent) error
	SaveHousehold(ctx context.Context, actor *rotonde.User, caseID int64, h *Household) error
	RemoveGenogramItem(ctx context.Context, actor *rotonde.User, caseID int64, kind string, id int64) error
	PinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string, x, y float64) error
	UnpinPerson(ctx context.Context, actor *rotonde.User, caseID int64, person string) error
	ReplaceGenogram(ctx context.Context, actor *rotonde.User, caseID int64, g *Genogram) error
	ForceField(ctx context.Context, actor *rotonde.User, caseID int64) (*ForceField, error)
	SetForceFieldGoal(ctx context.Context, actor *rotonde.User, caseID int64, goal string) error
	SaveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, s *Stakeholder) error
	RemoveStakeholder(ctx context.Context, actor *rotonde.User, caseID int64, ref string) error
}
