package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rotonde-jeugd/rotonde/runes"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.SSOService = (*SSOService)(nil)

// canManageSSO: the people who manage an organisation's accounts also manage
// how those accounts log in.
// A nil actor is the operator at the command line.
func canManageSSO(actor *rotonde.User, orgID int64) bool {
	if actor == nil {
		return true
	}
	scope := policy.ManageUsersScope(actor)
	return scope.All || (scope.Allowed() && scope.OrgID == orgID)
}

func ssoNotFound() error {
	return notFound("err.sqldb.single_sign_on_is_not_set")
}

const ssoColumns = `org_id, issuer, client_id, client_secret, allowed_domains, enabled, enforces_mfa, updated_at, COALESCE(updated_by, 0)`

// scanSSO reads a configuration; ClientSecret is the stored (sealed) value.
func scanSSO(row *sql.Row) (*rotonde.SSOConfig, error) {
	var c rotonde.SSOConfig
	var domains string
	err := row.Scan(&c.OrgID, &c.Issuer, &c.ClientID, &c.ClientSecret, &domains, &c.Enabled, &c.EnforcesMFA, &c.UpdatedAt, &c.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ssoNotFound()
	}
	if err != nil {
		return nil, fmt.Errorf("sso config: %w", err)
	}
	c.AllowedDomains = rotonde.ParseDomains(domains)
	c.HasSecret = c.ClientSecret != ""
	return &c, nil
}

// SSOConfig returns an organisation's configuration without its secret.
func (db *SSOService) SSOConfig(ctx context.Context, actor *rotonde.User, orgID int64) (*rotonde.SSOConfig, error) {
	if !canManageSSO(actor, orgID) {
		return nil, forbidden()
	}
	c, err := scanSSO(db.queryRow(ctx, `SELECT `+ssoColumns+` FROM sso_configs WHERE org_id = ?`, orgID))
	if err != nil {
		return nil, err
	}
	c.ClientSecret = ""
	return c, nil
}

// SaveSSOConfig creates or replaces a configuration; an empty secret keeps
// the stored one. The "provider enforces MFA" mark is the system
// administrator's: anyone else keeps the stored mark, and loses it with a
// change of issuer or client id (a new provider is not trusted). The change
// and its security-log event are one transaction.
func (db *SSOService) SaveSSOConfig(ctx context.Context, actor *rotonde.User, c *rotonde.SSOConfig, origin ...rotonde.SSOChangeOrigin) error {
	if !canManageSSO(actor, c.OrgID) {
		return forbidden()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		if err := mustExist(ctx, tx, "organisations", c.OrgID, notFound("err.sqldb.that_organisation_does_not_exist")); err != nil {
			return err
		}
		old, err := scanSSO(tx.QueryRow(ctx, `SELECT `+ssoColumns+` FROM sso_configs WHERE org_id = ?`, c.OrgID))
		isNew := rotonde.ErrorCodeOf(err) == rotonde.ENotFound
		if err != nil && !isNew {
			return err
		}
		if isNew {
			old = &rotonde.SSOConfig{OrgID: c.OrgID}
		}
		if err := c.Validate(old.ClientSecret != ""); err != nil {
			return err
		}
		if !mayMarkMFA(actor) {
			c.EnforcesMFA = !isNew && old.EnforcesMFA && c.Issuer == old.Issuer && c.ClientID == old.ClientID
		}
		// The stored secret is already sealed for this organisation's row.
		secret := old.ClientSecret
		if c.ClientSecret != "" {
			sealed, err := db.seal(c.ClientSecret, ssoSecretAD(c.OrgID))
			if err != nil {
				return err
			}
			secret = sealed
		}
		c.UpdatedAt, c.UpdatedBy = db.Now(), actorID(actor)
		c.HasSecret = true
		domains := strings.Join(c.AllowedDomains, " ")
		if isNew {
			_, err = tx.Exec(ctx, `INSERT INTO sso_configs (org_id, issuer, client_id, client_secret, allowed_domains, enabled, enforces_mfa, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.OrgID, c.Issuer, c.ClientID, secret, domains, c.Enabled, c.EnforcesMFA, c.UpdatedAt, nullInt(c.UpdatedBy))
		} else {
			_, err = tx.Exec(ctx, `UPDATE sso_configs SET issuer = ?, client_id = ?, client_secret = ?, allowed_domains = ?, enabled = ?,
			enforces_mfa = ?, updated_at = ?, updated_by = ? WHERE org_id = ?`,
				c.Issuer, c.ClientID, secret, domains, c.Enabled, c.EnforcesMFA, c.UpdatedAt, nullInt(c.UpdatedBy), c.OrgID)
		}
		if err != nil {
			return err
		}
		e := &rotonde.AuditEntry{Action: rotonde.AuditUpdate, Part: ssoAuditPart, UserID: actorID(actor), OrgID: c.OrgID,
			Outcome: rotonde.AuditAllowed, Detail: ssoChange(old, c, isNew)}
		if isNew {
			e.Action = rotonde.AuditCreate
		}
		if actor != nil {
			e.Role = string(actor.Role)
		}
		if len(origin) > 0 {
			e.Address, e.UserAgent = origin[0].Address, origin[0].UserAgent
		}
		return db.appendAudit(ctx, tx, e)
	})
}

// ssoAuditPart is the security-log part of a change of single sign-on.
const ssoAuditPart = "beveiliging/sso"

// mayMarkMFA: only the system administrator, or the operator at the command
// line, vouches that a provider enforces a second factor.
func mayMarkMFA(actor *rotonde.User) bool {
	return actor == nil || policy.ManageUsersScope(actor).All
}

// ssoChange describes for the security log what a save changed: issuer,
// client id, domains, switched on or off, the MFA mark, and that a new
// secret was stored — never the secret itself.
func ssoChange(old, c *rotonde.SSOConfig, isNew bool) string {
	yesNo := func(b bool) string {
		if b {
			return "ja"
		}
		return "nee"
	}
	doms := func(d []string) string {
		if len(d) == 0 {
			return "alle"
		}
		return strings.Join(d, " ")
	}
	var parts []string
	if isNew {
		parts = append(parts, "ingesteld", "issuer "+c.Issuer, "client-id "+c.ClientID, "domeinen "+doms(c.AllowedDomains),
			"aan "+yesNo(c.Enabled), "aanbieder dwingt tweede factor af "+yesNo(c.EnforcesMFA))
		return runes.Cut(strings.Join(parts, "; "), 1000)
	}
	if c.Issuer != old.Issuer {
		parts = append(parts, "issuer "+old.Issuer+" → "+c.Issuer)
	}
	if c.ClientID != old.ClientID {
		parts = append(parts, "client-id "+old.ClientID+" → "+c.ClientID)
	}
	if doms(c.AllowedDomains) != doms(old.AllowedDomains) {
		parts = append(parts, "domeinen "+doms(old.AllowedDomains)+" → "+doms(c.AllowedDomains))
	}
	if c.Enabled != old.Enabled {
		parts = append(parts, "aan "+yesNo(old.Enabled)+" → "+yesNo(c.Enabled))
	}
	if c.EnforcesMFA != old.EnforcesMFA {
		parts = append(parts, "aanbieder dwingt tweede factor af "+yesNo(old.EnforcesMFA)+" → "+yesNo(c.EnforcesMFA))
	}
	if c.ClientSecret != "" {
		parts = append(parts, "nieuw client-geheim")
	}
	if len(parts) == 0 {
		parts = append(parts, "opgeslagen zonder wijziging")
	}
	return runes.Cut(strings.Join(parts, "; "), 1000)
}

func actorID(u *rotonde.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// SSOLoginConfig returns an enabled configuration with its secret, decrypted, for the login flow.
func (db *SSOService) SSOLoginConfig(ctx context.Context, orgID int64) (*rotonde.SSOConfig, error) {
	c, err := scanSSO(db.queryRow(ctx, `SELECT `+ssoColumns+` FROM sso_configs WHERE org_id = ? AND enabled = ?`, orgID, true))
	if err != nil {
		return nil, err
	}
	if c.ClientSecret, err = db.open(c.ClientSecret, ssoSecretAD(c.OrgID)); err != nil {
		return nil, fmt.Errorf("sso config: %w", err)
	}
	return c, nil
}

// SSOOrganisations lists the organisations with single sign-on enabled.
func (db *SSOService) SSOOrganisations(ctx context.Context) ([]rotonde.Organisation, error) {
	return db.organisations(ctx, "list sso organisations", `SELECT `+orgColumns+` FROM organisations
		WHERE id IN (SELECT org_id FROM sso_configs WHERE enabled = ?) ORDER BY name`, true)
}

// CreateSSOFlow stores a login attempt; expired attempts are swept on the way.
func (db *SSOService) CreateSSOFlow(ctx context.Context, f *rotonde.SSOFlow, stateHash []byte) error {
	return db.WriteTx(ctx, func(tx *Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM sso_flows WHERE expires_at < ?`, db.Now()); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO sso_flows (state_hash, org_id, nonce, verifier, redirect_uri, next, expires_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			hex.EncodeToString(stateHash), f.OrgID, f.Nonce, f.Verifier, f.RedirectURI, f.Next, f.ExpiresAt)
		return err
	})
}

// ErrSSOFlow is the answer for a state that is unknown, already used or expired.
func errSSOFlow() error {
	return rotonde.E(rotonde.EForbidden, "err.sqldb.this_login_attempt_has_expired_was")
}

// TakeSSOFlow returns and deletes a flow in one transaction, so that a state
// works once even when two requests race with it.
func (db *SSOService) TakeSSOFlow(ctx context.Context, stateHash []byte, now time.Time) (*rotonde.SSOFlow, error) {
	var f rotonde.SSOFlow
	err := db.WriteTx(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `DELETE FROM sso_flows WHERE state_hash = ?
			RETURNING org_id, nonce, verifier, redirect_uri, next, expires_at`, hex.EncodeToString(stateHash)).
			Scan(&f.OrgID, &f.Nonce, &f.Verifier, &f.RedirectURI, &f.Next, &f.ExpiresAt)
		if errors.Is(err, sql.ErrNoRows) {
			return errSSOFlow()
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if now.After(f.ExpiresAt) {
		return nil, errSSOFlow()
	}
	return &f, nil
}
