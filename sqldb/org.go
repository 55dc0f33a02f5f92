package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/policy"
)

var _ rotonde.OrganisationService = (*OrganisationService)(nil)

// CreateRegion stores a region.
func (db *OrganisationService) CreateRegion(ctx context.Context, actor *rotonde.User, r *rotonde.Region) error {
	if actor != nil && !policy.CanManageOrganisations(actor) {
		return forbidden()
	}
	if r.Name == "" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.give_region_name")
	}
	if r.Kind == "" {
		r.Kind = "region"
	}
	if r.Kind != "region" && r.Kind != "network" {
		return rotonde.E(rotonde.EInvalid, "err.sqldb.region_is_youth_care_region_or")
	}
	return db.WriteTx(ctx, func(tx *Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO regions (name, kind) VALUES (?, ?) RETURNING id`, r.Name, r.Kind).Scan(&r.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.region_named_already_exists", r.Name)
		}
		return err
	})
}

// Regions lists all regions by name.
func (db *OrganisationService) Regions(ctx context.Context) ([]rotonde.Region, error) {
	return readList(ctx, db.store, "list regions", func(s scanner) (r rotonde.Region, err error) {
		err = s.Scan(&r.ID, &r.Name, &r.Kind)
		return r, err
	}, `SELECT id, name, kind FROM regions ORDER BY name`)
}

// CreateOrganisation stores an organisation.
func (db *OrganisationService) CreateOrganisation(ctx context.Context, actor *rotonde.User, o *rotonde.Organisation) error {
	if actor != nil && !policy.CanManageOrganisations(actor) {
		return forbidden()
	}
	if err := o.Validate(); err != nil {
		return err
	}
	o.CreatedAt = db.Now()
	return db.WriteTx(ctx, func(tx *Tx) error {
		if o.RegionID != 0 {
			if err := mustExist(ctx, tx, "regions", o.RegionID, rotonde.E(rotonde.EInvalid, "err.sqldb.that_region_does_not_exist")); err != nil {
				return err
			}
		}
		err := tx.QueryRow(ctx, `INSERT INTO organisations (name, kind, region_id, created_at) VALUES (?, ?, ?, ?) RETURNING id`,
			o.Name, string(o.Kind), nullInt(o.RegionID), o.CreatedAt).Scan(&o.ID)
		if isUniqueViolation(err) {
			return rotonde.E(rotonde.EConflict, "err.sqldb.organisation_named_already_exists", o.Name)
		}
		return err
	})
}

const orgColumns = `id, name, kind, COALESCE(region_id, 0), created_at`

func scanOrg(s scanner) (rotonde.Organisation, error) {
	var o rotonde.Organisation
	var kind string
	err := s.Scan(&o.ID, &o.Name, &kind, &o.RegionID, &o.CreatedAt)
	o.Kind = rotonde.OrgKind(kind)
	return o, err
}

// Organisations lists all organisations by name.
func (db *OrganisationService) Organisations(ctx context.Context) ([]rotonde.Organisation, error) {
	return db.organisations(ctx, "list organisations", `SELECT `+orgColumns+` FROM organisations ORDER BY name`)
}

// organisations runs a query for organisations (orgColumns); what names the
// list in an error.
func (db *store) organisations(ctx context.Context, what, query string, args ...any) ([]rotonde.Organisation, error) {
	list, err := queryList(ctx, db.reader, scanOrg, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// Organisation returns one organisation.
func (db *OrganisationService) Organisation(ctx context.Context, id int64) (*rotonde.Organisation, error) {
	o, err := scanOrg(db.queryRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("err.sqldb.that_organisation_does_not_exist")
	}
	if err != nil {
		return nil, fmt.Errorf("organisation %d: %w", id, err)
	}
	return &o, nil
}
