package rotonde

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// OrgKind says what kind of organisation takes part in youth care.
type OrgKind string

const (
	OrgProvider           OrgKind = "provider"         // jeugdhulpaanbieder
	OrgMunicipality       OrgKind = "municipality"     // gemeente
	OrgNeighbourhood      OrgKind = "wijkteam"         // wijkteam / lokaal team
	OrgSchool             OrgKind = "school"           // school, samenwerkingsverband
	OrgChildProtection    OrgKind = "jeugdbescherming" // gecertificeerde instelling
	OrgMentalHealth       OrgKind = "ggz"              // jeugd-GGZ
	OrgFosterCare         OrgKind = "pleegzorg"        // pleegzorg
	OrgCouncil            OrgKind = "raad"             // Raad voor de Kinderbescherming
	OrgGeneralPractice    OrgKind = "huisarts"         // huisartsenpraktijk
	OrgKnowledgeInstitute OrgKind = "kennisinstituut"  // research and knowledge institutes
	OrgOther              OrgKind = "other"
)

// OrgKinds lists the kinds in the order forms show them.
var OrgKinds = []OrgKind{OrgProvider, OrgMunicipality, OrgNeighbourhood, OrgSchool, OrgChildProtection,
	OrgMentalHealth, OrgFosterCare, OrgCouncil, OrgGeneralPractice, OrgKnowledgeInstitute, OrgOther}

// Valid reports whether k is a known kind.
func (k OrgKind) Valid() bool { return slices.Contains(OrgKinds, k) }

// Region is a youth-care region or a learning network that organisations belong to.
type Region struct {
	ID   int64
	Name string
	// Kind is "region" (one of the youth-care regions) or "network".
	Kind string
}

// Organisation takes part in youth care; people belong to one.
type Organisation struct {
	ID        int64
	Name      string
	Kind      OrgKind
	RegionID  int64 // 0 when not in a region
	CreatedAt time.Time
}

// Validate checks an organisation before it is stored.
func (o *Organisation) Validate() error {
	o.Name = strings.TrimSpace(o.Name)
	if o.Name == "" {
		return E(EInvalid, "err.rotonde.give_organisation_name")
	}
	if utf8.RuneCountInString(o.Name) > 200 {
		return E(EInvalid, "err.rotonde.organisation_name_is_too_long_at")
	}
	if !o.Kind.Valid() {
		return E(EInvalid, "err.rotonde.choose_what_kind_of_organisation_it")
	}
	return nil
}

// OrganisationService stores regions and organisations.
type OrganisationService interface {
	// CreateRegion stores a region. Only a system administrator may; else EForbidden.
	CreateRegion(ctx context.Context, actor *User, r *Region) error
	Regions(ctx context.Context) ([]Region, error)
	// CreateOrganisation stores an organisation. Only a system administrator may; else EForbidden.
	CreateOrganisation(ctx context.Context, actor *User, o *Organisation) error
	// Organisations lists all organisations; their names are not case data.
	Organisations(ctx context.Context) ([]Organisation, error)
	// Organisation returns one organisation or ENotFound.
	Organisation(ctx context.Context, id int64) (*Organisation, error)
}
