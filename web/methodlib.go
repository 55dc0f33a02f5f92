package web

import (
	"context"
	"net/http"
	"sync"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/method"
)

// Each organisation may reword the method library (admin page in
// methodpage.go). Pages take their library from one of the helpers below
// instead of from s.method, which is the standard (base) library.
//
// Whose words a page shows:
//   - pages of one's own (the tension-field page, composing a round): the
//     signed-in user's organisation; people without one (family members,
//     guests) get the standard library;
//   - a learning meeting (preparation, live, report, input): the
//     organisation of the meeting's facilitator, for everybody in it. The
//     meeting is one shared screen: family, guests and professionals of
//     other organisations must see the same card and step titles, and an
//     agenda built from an organisation's own cards must resolve for all;
//   - a placement round: the organisation of the round's facilitator, so that
//     everyone places on the same poles and own fields resolve for all;
//   - a case (dream, learning cycle, phase, dossier): the organisation of the
//     case's owner, who brought it in, for the same reason: one case, one
//     set of words for the whole network around it.
//
// Merged libraries are cached per organisation in the Server. A cached copy
// is used without any query for MethodRecheck (default 10 s); after that one
// small read of the override's digest tells whether it is still current, so
// other instances on the same PostgreSQL see a change within that interval,
// and a save on this instance drops its copy at once. Requests that find the
// copy being rechecked go on with it meanwhile: a busy live meeting costs at
// most one digest read per organisation per interval, never one per event.

const defaultMethodRecheck = 10 * time.Second

// orgLibrary is one organisation's merged library. Entries are never
// changed once stored; a newer one replaces them.
type orgLibrary struct {
	lib     *method.Library
	digest  string // "" for the standard library
	checked time.Time
}

type methodCache struct {
	s       *Server
	store   method.Store // nil: everyone gets the base library
	recheck time.Duration

	mu   sync.Mutex
	orgs map[int64]*orgLibrary
	// gen counts invalidations per organisation, so that a refresh that
	// read the database before a save cannot put its older copy back.
	gen map[int64]uint64
	// userOrg remembers the organisation of facilitators and case owners:
	// an account's organisation does not change.
	userOrg map[int64]int64
	// caseOwner remembers who brought a case in; that does not change either.
	caseOwner map[int64]int64
}

// maxRemembered bounds the user and case maps; past it they start afresh.
const maxRemembered = 50000

func newMethodCache(s *Server) *methodCache {
	st := s.store.Method
	recheck := s.cfg.MethodRecheck
	if recheck == 0 {
		recheck = defaultMethodRecheck
	}
	return &methodCache{s: s, store: st, recheck: recheck, orgs: map[int64]*orgLibrary{}, gen: map[int64]uint64{},
		userOrg: map[int64]int64{}, caseOwner: map[int64]int64{}}
}

// invalidate drops an organisation's copy after a save on this instance.
func (c *methodCache) invalidate(orgID int64) {
	c.mu.Lock()
	delete(c.orgs, orgID)
	c.gen[orgID]++
	c.mu.Unlock()
}

// forOrg returns the organisation's library: the base library when it has
// no override or cannot be read (an error is logged; pages keep working).
func (c *methodCache) forOrg(ctx context.Context, orgID int64) *method.Library {
	base := c.s.method
	if orgID == 0 || c.store == nil {
		return base
	}
	now := c.s.now()
	c.mu.Lock()
	e := c.orgs[orgID]
	if e != nil && now.Sub(e.checked) < c.recheck {
		c.mu.Unlock()
		return e.lib
	}
	if e != nil {
		// Claim the recheck: others keep using this copy meanwhile.
		c.orgs[orgID] = &orgLibrary{lib: e.lib, digest: e.digest, checked: now}
	}
	gen := c.gen[orgID]
	c.mu.Unlock()

	next, ok := c.load(ctx, orgID, e)
	if !ok {
		if e != nil {
			return e.lib
		}
		return base
	}
	next.checked = now
	c.mu.Lock()
	if c.gen[orgID] == gen {
		c.orgs[orgID] = next
	}
	c.mu.Unlock()
	return next.lib
}

// load reads the organisation's override, merging it only when it changed
// since prev. ok is false when the database could not be read.
func (c *methodCache) load(ctx context.Context, orgID int64, prev *orgLibrary) (*orgLibrary, bool) {
	if prev != nil {
		d, err := c.store.MethodOverrideDigest(ctx, orgID)
		if err != nil {
			c.s.log.WarnContext(ctx, "method override digest", "org", orgID, "err", err)
			return nil, false
		}
		if d == prev.digest {
			return &orgLibrary{lib: prev.lib, digest: d}, true
		}
	}
	o, err := c.store.OrgMethodOverride(ctx, orgID)
	switch {
	case rotonde.ErrorCodeOf(err) == rotonde.ENotFound:
		return &orgLibrary{lib: c.s.method}, true
	case err != nil:
		c.s.log.WarnContext(ctx, "method override", "org", orgID, "err", err)
		return nil, false
	}
	lib, err := method.Merge(c.s.method, o.Override(""))
	if err != nil {
		// It was valid when saved; a newer standard library may have made
		// it invalid. The organisation sees the standard words until an
		// administrator fixes it (the admin page shows the message).
		c.s.log.WarnContext(ctx, "method override no longer fits the library", "org", orgID, "err", err)
		lib = c.s.method
	}
	return &orgLibrary{lib: lib, digest: o.Digest}, true
}

// orgOfUser returns the organisation of an account (0 for none or unknown).
func (c *methodCache) orgOfUser(ctx context.Context, userID int64) int64 {
	if userID == 0 {
		return 0
	}
	c.mu.Lock()
	org, ok := c.userOrg[userID]
	c.mu.Unlock()
	if ok {
		return org
	}
	u, err := c.s.store.Users.User(ctx, userID)
	if err != nil {
		if rotonde.ErrorCodeOf(err) != rotonde.ENotFound {
			c.s.log.WarnContext(ctx, "organisation of user", "user", userID, "err", err)
			return 0
		}
	} else {
		org = u.OrgID
	}
	c.mu.Lock()
	if len(c.userOrg) >= maxRemembered {
		c.userOrg = map[int64]int64{}
	}
	c.userOrg[userID] = org
	c.mu.Unlock()
	return org
}

// methodFor returns the library of the signed-in user's organisation, or the
// standard library for people without one.
func (s *Server) methodFor(r *http.Request) *method.Library {
	u := userFrom(r.Context())
	if u == nil {
		return s.method
	}
	return s.methods.forOrg(r.Context(), u.OrgID)
}

// methodOfUser returns the library of the organisation of the given account
// (a meeting's or round's facilitator).
func (s *Server) methodOfUser(ctx context.Context, userID int64) *method.Library {
	if u := userFrom(ctx); u != nil && u.ID == userID {
		return s.methods.forOrg(ctx, u.OrgID)
	}
	return s.methods.forOrg(ctx, s.methods.orgOfUser(ctx, userID))
}

// methodForCase returns the library of the case owner's organisation.
func (s *Server) methodForCase(r *http.Request, c *rotonde.Case) *method.Library {
	if c == nil {
		return s.methodFor(r)
	}
	s.methods.rememberCase(c)
	return s.methodOfUser(r.Context(), c.CreatedBy)
}

// methodForCaseID is methodForCase for pages that have only the case's id;
// the caller has already checked that the actor may read the case.
func (s *Server) methodForCaseID(r *http.Request, caseID int64) *method.Library {
	c := s.methods
	c.mu.Lock()
	owner, ok := c.caseOwner[caseID]
	c.mu.Unlock()
	if !ok {
		cs, _, err := s.store.Cases.Case(r.Context(), userFrom(r.Context()), caseID)
		if err != nil {
			return s.methodFor(r)
		}
		c.rememberCase(cs)
		owner = cs.CreatedBy
	}
	return s.methodOfUser(r.Context(), owner)
}

func (c *methodCache) rememberCase(cs *rotonde.Case) {
	c.mu.Lock()
	if len(c.caseOwner) >= maxRemembered {
		c.caseOwner = map[int64]int64{}
	}
	c.caseOwner[cs.ID] = cs.CreatedBy
	c.mu.Unlock()
}
