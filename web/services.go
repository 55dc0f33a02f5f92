package web

import (
	"context"
	"fmt"
	"reflect"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/knowledge"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/research"
	"github.com/rotonde-jeugd/rotonde/search"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Services is what the web layer needs from storage: one service per area,
// each typed by the contract its domain declares. cmd/rotonde fills it from
// the SQL store (internal/wire), so the compiler checks the composition.
// Every field must be set.
type Services struct {
	Orgs        rotonde.OrganisationService
	Users       rotonde.UserService
	Cases       rotonde.CaseService
	Sessions    rotonde.SessionService
	Identity    rotonde.IdentityService
	Passkeys    rotonde.PasskeyService // web/passkey.go
	Trust       rotonde.TrustService
	Audit       rotonde.AuditLog
	Security    rotonde.SecurityService
	Invitations rotonde.InvitationService // web/invite.go
	SSO         rotonde.SSOService        // web/sso.go
	Dreams      rotonde.DreamService      // the dream (web/timelinepage.go)
	Progress    rotonde.ProgressService   // learning cycle, phase, small steps, interviews (web/progress.go)
	Timeline    timeline.Store            // web/timelinepage.go
	Genogram    genogram.Store            // the geno-sociogram and force field (web/genogrampage.go)
	Meetings    meeting.Store             // web/meetingpage.go, web/live.go
	Tension     tension.Service           // groups, placement rounds, placements (web/tensionpage.go)
	Method      method.Store              // an organisation's own wording (web/methodlib.go)
	Privacy     rotonde.PrivacyService    // retention, erasure, the person's own copy (web/privacy.go)
	Mail        rotonde.MailStore         // the e-mail outbox and each user's language for it (web/mail.go)
	Trash       rotonde.TrashService      // the case's prullenbak: deleting, putting back (web/trash.go)
	Search      search.Store              // search and each organisation's synonyms (web/search.go)
	Network     rotonde.NetworkService    // where a case sits, barriers, stories, the network view (web/network.go)
	Knowledge   knowledge.Store           // dilemmas and insights as records, sharing, the common threads (web/knowledge.go, web/threads.go)
	Agenda      rotonde.AgendaService     // the region's development agenda (web/agenda.go)
	Research    research.Service          // research access and the REFI-QDA export (web/research.go)
	// Ping checks that the database answers.
	Ping func(ctx context.Context) error
}

// check reports the first field left unset.
func (sv Services) check() error {
	v := reflect.ValueOf(sv)
	for i := 0; i < v.NumField(); i++ {
		if v.Field(i).IsNil() {
			return fmt.Errorf("web: Services.%s is not set", v.Type().Field(i).Name)
		}
	}
	return nil
}
