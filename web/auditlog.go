package web

import (
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
)

// auditPageSize is the number of records on one page of a case's access log.
const auditPageSize = 50

// auditRow is one access-log record as the page shows it: every code the
// log stores (part, role, ground, detail) in words of the reader's language.
type auditRow struct {
	rotonde.AuditEntry
	PartText, RoleText, BasisText, DetailText string
}

// auditFilter is what the reader of a case's access log asked for, from the
// query string: a person (user id; 0 all), a part code, a period of whole
// days (From and To inclusive; zero: open) and a page (1 is the newest).
type auditFilter struct {
	Person   int64
	Part     string
	From, To string // as typed, yyyy-mm-dd, for the form
	from, to time.Time
	Page     int
}

// auditOption is one choice in a filter's list.
type auditOption struct {
	Value, Text string
}

// auditLog is a filtered page of a case's access log with its filter form.
type auditLog struct {
	Filter       auditFilter
	People       []auditOption
	Parts        []auditOption
	Rows         []auditRow
	Total        int // records that match the filter
	Page, Pages  int
	Newer, Older string // links to the neighbouring pages, "" when none
	Filtered     bool
}

// parseAuditFilter reads the filter from q; a date that is not yyyy-mm-dd
// is an EInvalid error.
func parseAuditFilter(q url.Values) (auditFilter, error) {
	f := auditFilter{Part: strings.TrimSpace(q.Get("onderdeel")), From: strings.TrimSpace(q.Get("van")), To: strings.TrimSpace(q.Get("tot")), Page: 1}
	if p, err := strconv.ParseInt(q.Get("persoon"), 10, 64); err == nil && p > 0 {
		f.Person = p
	}
	if n, err := strconv.Atoi(q.Get("pagina")); err == nil && n > 1 {
		f.Page = n
	}
	var err error
	if f.From != "" {
		if f.from, err = time.ParseInLocation("2006-01-02", f.From, time.Local); err != nil {
			return f, rotonde.E(rotonde.EInvalid, "err.audit.date")
		}
	}
	if f.To != "" {
		if f.to, err = time.ParseInLocation("2006-01-02", f.To, time.Local); err != nil {
			return f, rotonde.E(rotonde.EInvalid, "err.audit.date")
		}
		f.to = f.to.AddDate(0, 0, 1) // the whole day
	}
	return f, nil
}

// query is the filter as a query string for page n (empty fields left out).
func (f auditFilter) query(n int) string {
	q := url.Values{}
	if f.Person != 0 {
		q.Set("persoon", strconv.FormatInt(f.Person, 10))
	}
	if f.Part != "" {
		q.Set("onderdeel", f.Part)
	}
	if f.From != "" {
		q.Set("van", f.From)
	}
	if f.To != "" {
		q.Set("tot", f.To)
	}
	if n > 1 {
		q.Set("pagina", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return "?"
	}
	return "?" + q.Encode()
}

func (f auditFilter) matches(e *rotonde.AuditEntry) bool {
	if f.Person != 0 && e.UserID != f.Person {
		return false
	}
	if f.Part != "" && !containsCode(e.Part, f.Part) {
		return false
	}
	if !f.from.IsZero() && e.At.Before(f.from) {
		return false
	}
	if !f.to.IsZero() && !e.At.Before(f.to) {
		return false
	}
	return true
}

// containsCode reports whether the comma-separated list of part codes has code.
func containsCode(list, code string) bool {
	for _, c := range strings.Split(list, ",") {
		if strings.TrimSpace(c) == code {
			return true
		}
	}
	return false
}

// buildAuditLog filters entries (newest first), pages them and puts every
// code into words. The lists of people and parts offer what occurs in the
// whole log, so a filter never hides its own alternatives.
func buildAuditLog(l i18n.Localizer, entries []rotonde.AuditEntry, f auditFilter) auditLog {
	out := auditLog{Filter: f, Filtered: f.Person != 0 || f.Part != "" || f.From != "" || f.To != ""}
	people, parts := map[int64]string{}, map[string]bool{}
	var match []int
	for i := range entries {
		e := &entries[i]
		if _, ok := people[e.UserID]; !ok || people[e.UserID] == "" {
			people[e.UserID] = e.UserName
		}
		for _, c := range strings.Split(e.Part, ",") {
			if c = strings.TrimSpace(c); c != "" {
				parts[c] = true
			}
		}
		if f.matches(e) {
			match = append(match, i)
		}
	}
	for id, name := range people {
		if name == "" {
			name = l.T("audit.unknown")
		}
		out.People = append(out.People, auditOption{Value: strconv.FormatInt(id, 10), Text: name})
	}
	sort.Slice(out.People, func(i, j int) bool { return out.People[i].Text < out.People[j].Text })
	for c := range parts {
		out.Parts = append(out.Parts, auditOption{Value: c, Text: auditPartText(l, c)})
	}
	sort.Slice(out.Parts, func(i, j int) bool { return out.Parts[i].Text < out.Parts[j].Text })

	out.Total = len(match)
	out.Pages = max(1, (len(match)+auditPageSize-1)/auditPageSize)
	out.Page = min(f.Page, out.Pages)
	lo := (out.Page - 1) * auditPageSize
	hi := min(lo+auditPageSize, len(match))
	for _, i := range match[lo:hi] {
		e := entries[i]
		out.Rows = append(out.Rows, auditRow{AuditEntry: e, PartText: auditPartText(l, e.Part), RoleText: auditRoleText(l, e.Role),
			BasisText: auditBasisText(l, e.Basis), DetailText: auditDetailText(l, e.Detail)})
	}
	if out.Page > 1 {
		out.Newer = f.query(out.Page - 1)
	}
	if out.Page < out.Pages {
		out.Older = f.query(out.Page + 1)
	}
	return out
}

// codeKey is the catalogue key of a code: spaces become hyphens.
func codeKey(prefix, code string) string { return prefix + strings.ReplaceAll(code, " ", "-") }

// auditPartText names the parts of a comma-separated list of part codes.
func auditPartText(l i18n.Localizer, part string) string {
	codes := strings.Split(part, ",")
	for i, c := range codes {
		c = strings.TrimSpace(c)
		if k := codeKey("audit.part.", c); l.Has(k) {
			c = l.T(k)
		}
		codes[i] = c
	}
	return strings.Join(codes, ", ")
}

// auditRoleText names a role as stored: the network role, and after a
// slash the role in the case.
func auditRoleText(l i18n.Localizer, role string) string {
	network, inCase, _ := strings.Cut(role, "/")
	if k := "role." + network; l.Has(k) {
		network = l.T(k)
	}
	if inCase == "" {
		return network
	}
	if k := "member.role." + inCase; l.Has(k) {
		inCase = l.T(k)
	}
	return l.T("audit.role", network, inCase)
}

// auditBasisText names the ground for access; emergency access keeps the
// number of its request.
func auditBasisText(l i18n.Localizer, basis string) string {
	if n, ok := strings.CutPrefix(basis, "noodtoegang#"); ok {
		return l.T("audit.basis.noodtoegang", n)
	}
	if k := codeKey("audit.basis.", basis); l.Has(k) {
		return l.T(k)
	}
	return basis
}

// auditDetailText puts the pieces of a detail ("bijeenkomst 3; gast 7;
// stroom") into words; a piece without a label is shown as written.
func auditDetailText(l i18n.Localizer, detail string) string {
	if detail == "" {
		return ""
	}
	pieces := strings.Split(detail, "; ")
	for i, p := range pieces {
		if code, ok := strings.CutPrefix(p, "geweigerd: "); ok {
			pieces[i] = l.T("audit.detail.geweigerd", code)
			continue
		}
		if word, num, ok := strings.Cut(p, " "); ok {
			if n, err := strconv.Atoi(num); err == nil && (word == "bijeenkomst" || word == "gast") {
				pieces[i] = l.T("audit.detail."+word, n)
				continue
			}
		}
		if k := codeKey("audit.detail.", p); l.Has(k) {
			pieces[i] = l.T(k)
		}
	}
	return strings.Join(pieces, "; ")
}

// caseAuditLog reads the filter of r and builds the page of entries
// (oldest first, as stored).
func (s *Server) caseAuditLog(r *http.Request, entries []rotonde.AuditEntry) (auditLog, error) {
	f, err := parseAuditFilter(r.URL.Query())
	if err != nil {
		return auditLog{}, err
	}
	newest := make([]rotonde.AuditEntry, len(entries))
	for i, e := range entries {
		newest[len(entries)-1-i] = e
	}
	return buildAuditLog(s.cat.For(langFrom(r.Context())), newest, f), nil
}
