package sqldb

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.SSOService = (*DB)(nil)

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
	return notFound("Voor deze organisatie is inloggen via de organisatie niet ingesteld.",
		"Single sign-on is not set up for this organisation.")
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
func (db *DB) SSOConfig(ctx context.Context, actor *rotonde.User, orgID int64) (*rotonde.SSOConfig, error) {
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

// SaveSSOConfig creates or replaces a configuration; an empty secret keeps the stored one.
func (db *DB) SaveSSOConfig(ctx context.Context, actor *rotonde.User, c *rotonde.SSOConfig) error {
	if !canManageSSO(actor, c.OrgID) {
		return forbidden()
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM organisations WHERE id = ?`, c.OrgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return notFound("Die organisatie bestaat niet.", "That organisation does not exist.")
		}
		var stored string
		err := tx.QueryRow(ctx, `SELECT client_secret FROM sso_configs WHERE org_id = ?`, c.OrgID).Scan(&stored)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		isNew := errors.Is(err, sql.ErrNoRows)
		if err := c.Validate(stored != ""); err != nil {
			return err
		}
		// The stored secret is already sealed for this organisation's row.
		secret := stored
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
			_, err := tx.Exec(ctx, `INSERT INTO sso_configs (org_id, issuer, client_id, client_secret, allowed_domains, enabled, enforces_mfa, updated_at, updated_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				c.OrgID, c.Issuer, c.ClientID, secret, domains, c.Enabled, c.EnforcesMFA, c.UpdatedAt, nullInt(c.UpdatedBy))
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE sso_configs SET issuer = ?, client_id = ?, client_secret = ?, allowed_domains = ?, enabled = ?,
			enforces_mfa = ?, updated_at = ?, updated_by = ? WHERE org_id = ?`,
			c.Issuer, c.ClientID, secret, domains, c.Enabled, c.EnforcesMFA, c.UpdatedAt, nullInt(c.UpdatedBy), c.OrgID)
		return err
	})
}

func actorID(u *rotonde.User) int64 {
	if u == nil {
		return 0
	}
	return u.ID
}

// SSOLoginConfig returns an enabled configuration with its secret, decrypted, for the login flow.
func (db *DB) SSOLoginConfig(ctx context.Context, orgID int64) (*rotonde.SSOConfig, error) {
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
func (db *DB) SSOOrganisations(ctx context.Context) ([]rotonde.Organisation, error) {
	rows, err := db.query(ctx, `SELECT o.id, o.name, o.kind, COALESCE(o.region_id, 0), o.created_at
		FROM organisations o JOIN sso_configs s ON s.org_id = o.id WHERE s.enabled = ? ORDER BY o.name`, true)
	if err != nil {
		return nil, fmt.Errorf("list sso organisations: %w", err)
	}
	defer rows.Close()
	var out []rotonde.Organisation
	for rows.Next() {
		o, err := scanOrg(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CreateSSOFlow stores a login attempt; expired attempts are swept on the way.
func (db *DB) CreateSSOFlow(ctx context.Context, f *rotonde.SSOFlow, stateHash []byte) error {
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
	return rotonde.Errorf(rotonde.EForbidden,
		"Deze inlogpoging is verlopen, al gebruikt of niet van deze browser. Begin opnieuw bij de inlogpagina.",
		"This login attempt has expired, was already used or did not start in this browser. Start again from the login page.")
}

// TakeSSOFlow returns and deletes a flow in one transaction, so that a state
// works once even when two requests race with it.
func (db *DB) TakeSSOFlow(ctx context.Context, stateHash []byte, now time.Time) (*rotonde.SSOFlow, error) {
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
