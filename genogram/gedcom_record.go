package genogram

import (
	"encoding/json"
	"strings"
)

// GEDCOMEvent is a birth, death, marriage or end of a partnership as a
// GEDCOM file gave it: the date as written (day precision and qualifiers
// such as ABT, BEF, AFT and BET … AND kept) and the place.
type GEDCOMEvent struct {
	Date  string `json:"date,omitempty"`
	Place string `json:"place,omitempty"`
}

func (e GEDCOMEvent) empty() bool { return e.Date == "" && e.Place == "" }

// GEDCOMPerson is what an imported INDI record said beyond the drawing.
type GEDCOMPerson struct {
	XRef    string      `json:"xref,omitempty"`
	Given   string      `json:"given,omitempty"`
	Surname string      `json:"surname,omitempty"`
	Birth   GEDCOMEvent `json:"birth,omitzero"`
	Death   GEDCOMEvent `json:"death,omitzero"`
	Note    string      `json:"note,omitempty"`
}

// GEDCOMFamily is what an imported FAM record said beyond the drawing.
type GEDCOMFamily struct {
	XRef     string      `json:"xref,omitempty"`
	Marriage GEDCOMEvent `json:"marriage,omitzero"`
	// End is the divorce or separation.
	End  GEDCOMEvent `json:"end,omitzero"`
	Note string      `json:"note,omitempty"`
}

// Limits on the kept GEDCOM details, so that a stored record stays small.
const (
	maxGEDCOMDate  = 100
	maxGEDCOMPlace = 200
	maxGEDCOMNote  = 2000
	maxGEDCOMName  = 120
)

// MarshalGEDCOM encodes kept details for storage ("" when there are none).
func MarshalGEDCOM(v any) string {
	switch r := v.(type) {
	case *GEDCOMPerson:
		if r == nil {
			return ""
		}
	case *GEDCOMFamily:
		if r == nil {
			return ""
		}
	}
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// UnmarshalGEDCOMPerson decodes what MarshalGEDCOM stored; nil for "".
func UnmarshalGEDCOMPerson(s string) *GEDCOMPerson { return unmarshalGEDCOM[GEDCOMPerson](s) }

// UnmarshalGEDCOMFamily decodes what MarshalGEDCOM stored; nil for "".
func UnmarshalGEDCOMFamily(s string) *GEDCOMFamily { return unmarshalGEDCOM[GEDCOMFamily](s) }

// unmarshalGEDCOM decodes a stored GEDCOM record; nil for "" and for what
// does not decode.
func unmarshalGEDCOM[T any](s string) *T {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var r T
	if json.Unmarshal([]byte(s), &r) != nil {
		return nil
	}
	return &r
}
