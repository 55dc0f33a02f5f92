// Package wire composes the SQL store into what the web layer and the demo
// seeding take, so that the compiler checks every contract.
package wire

import (
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// Services gives the web layer one service per area of db.
func Services(db *sqldb.DB) web.Services {
	return web.Services{
		Orgs:        db.Orgs,
		Users:       db.Users,
		Cases:       db.Cases,
		Sessions:    db.Sessions,
		Identity:    db.Identity,
		Passkeys:    db.Passkeys,
		Trust:       db.Trust,
		Audit:       db.Audit,
		Security:    db.Security,
		Invitations: db.Invitations,
		SSO:         db.SSO,
		Dreams:      db.Dreams,
		Progress:    db.Progress,
		Timeline:    db.Timeline,
		Genogram:    db.Genogram,
		Meetings:    db.Meetings,
		Tension:     db.Tension,
		Method:      db.Method,
		Privacy:     db.Privacy,
		Mail:        db.Mail,
		Trash:       db.Trash,
		Search:      db.Search,
		Network:     db.Network,
		Knowledge:   db.Knowledge,
		Agenda:      db.Agenda,
		Research:    db.Research,
		Ping:        db.Ping,
	}
}

// Demo gives demo seeding the services of db it writes through.
func Demo(db *sqldb.DB) demo.Store {
	return demo.Store{
		Orgs:      db.Orgs,
		Users:     db.Users,
		Cases:     db.Cases,
		Trust:     db.Trust,
		Dreams:    db.Dreams,
		Timeline:  db.Timeline,
		Genogram:  db.Genogram,
		Progress:  db.Progress,
		Tension:   db.Tension,
		Meetings:  db.Meetings,
		Network:   db.Network,
		Knowledge: db.Knowledge,
		Clock:     &db.Now,
	}
}
