package genogram

import (
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/svg"
)

// Stance of a stakeholder towards the goal, on a -2..+2 scale.
const (
	StronglyOpposed    = -2
	Opposed            = -1
	Neutral            = 0
	Supportive         = 1
	StronglySupportive = 2
)

// Stakeholder is one party in a stalled collaboration (krachtenveld).
type Stakeholder struct {
	ID        string
	Name      string // alias or organisation, e.g. "moeder", "wijkteam"
	Role      string
	Influence int // 1..5: drawn as the size of the circle
	Stance    int // -2..+2: opposed on the left, supportive on the right
	Note      string
}

// ForceField is the force-field mode of werkkaart 4: the goal (or the child)
// in the centre and the stakeholders around it.
type ForceField struct {
	Goal         string
	Stakeholders []Stakeholder
	Ties         []Tie // between stakeholder IDs, same kinds as in the genogram
}

// ParseStance reads "supportive", "neutral", "opposed" (also Dutch: "voor",
// "neutraal", "tegen", and "sterk voor"/"sterk tegen") or a number -2..2.
func ParseStance(v string) (int, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "strongly_supportive", "strongly supportive", "sterk voor":
		return StronglySupportive, nil
	case "supportive", "voor", "steunend":
		return Supportive, nil
	case "neutral", "neutraal":
		return Neutral, nil
	case "opposed", "tegen":
		return Opposed, nil
	case "strongly_opposed", "strongly opposed", "sterk tegen":
		return StronglyOpposed, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < -2 || n > 2 {
		return 0, rotonde.E(rotonde.EInvalid, "err.genogram.unknown_stance_use_supportive_neutral_opposed", truncate(v, 30))
	}
	return n, nil
}

// Validate checks IDs, influence (1..5), stance (-2..+2) and ties.
func (f *ForceField) Validate() error {
	var errs []Issue
	seen := make(map[string]bool, len(f.Stakeholders))
	for i, s := range f.Stakeholders {
		switch {
		case s.ID == "":
			errs = append(errs, issue("", "err.genogram.stakeholder_has_no_id", i+1))
		case seen[s.ID]:
			errs = append(errs, issue(s.ID, "err.genogram.id_occurs_twice", s.ID))
		}
		seen[s.ID] = true
		if s.Influence < 1 || s.Influence > 5 {
			errs = append(errs, issue(s.ID, "err.genogram.influence_of_must_be_1_to", s.ID, s.Influence))
		}
		if s.Stance < -2 || s.Stance > 2 {
			errs = append(errs, issue(s.ID, "err.genogram.stance_of_must_be_2_to", s.ID, s.Stance))
		}
	}
	for _, t := range f.Ties {
		if !seen[t.A] || !seen[t.B] {
			errs = append(errs, issue(t.A, "err.genogram.tie_between_and_refers_to_unknown", t.A, t.B))
		} else if t.A == t.B {
			errs = append(errs, issue(t.A, "err.genogram.cannot_have_tie_with_themselves", t.A))
		}
	}
	if len(errs) > 0 {
		return issuesError(errs)
	}
	return nil
}

const (
	ffColumn   = 230.0 // distance between stance columns
	ffGoalR    = 70.0
	ffLabelGap = 40.0
)

func ffRadius(influence int) float64 { return 14 + 6*float64(min(max(influence, 1), 5)) }

// ForceFieldLayout returns the circle box of every stakeholder, keyed by ID:
// one column per stance (opposed left, supportive right, neutral above and
// below the goal), stacked without overlap.
func ForceFieldLayout(f *ForceField) map[string]Box {
	boxes := make(map[string]Box, len(f.Stakeholders))
	var cols [5][]Stakeholder
	for _, s := range f.Stakeholders {
		if _, dup := boxes[s.ID]; dup || s.ID == "" {
			continue
		}
		boxes[s.ID] = Box{}
		st := min(max(s.Stance, -2), 2)
		cols[st+2] = append(cols[st+2], s)
	}
	for c, list := range cols {
		x := float64(c-2) * ffColumn
		if c == 2 { // neutral: alternately above and below the goal
			up, down := -ffGoalR-30.0, ffGoalR+30.0
			for k, s := range list {
				r := ffRadius(s.Influence)
				if k%2 == 0 {
					boxes[s.ID] = Box{x - r, up - ffLabelGap - 2*r, 2 * r, 2 * r}
					up -= 2*r + ffLabelGap + 12
				} else {
					boxes[s.ID] = Box{x - r, down, 2 * r, 2 * r}
					down += 2*r + ffLabelGap + 12
				}
			}
			continue
		}
		total := 0.0
		for _, s := range list {
			total += 2*ffRadius(s.Influence) + ffLabelGap + 12
		}
		y := -total / 2
		for _, s := range list {
			r := ffRadius(s.Influence)
			boxes[s.ID] = Box{x - r, y, 2 * r, 2 * r}
			y += 2*r + ffLabelGap + 12
		}
	}
	return boxes
}

func stanceColour(st int) (fill, stroke string) {
	switch {
	case st >= 2:
		return "#c8e6c9", "#2e7d32"
	case st == 1:
		return "#e8f5e9", "#43a047"
	case st == 0:
		return "#f5f5f5", "#757575"
	case st == -1:
		return "#ffebee", "#e53935"
	}
	return "#ffcdd2", "#b71c1c"
}

// RenderForceField draws the force field as SVG. Each stakeholder is a
// <g class="stakeholder" data-stakeholder-id="…" data-x data-y data-w data-h>
// with the circle's box, like persons in the genogram.
func RenderForceField(w io.Writer, f *ForceField, opts Options) error {
	lang := opts.Lang
	boxes := ForceFieldLayout(f)
	minX, minY, maxX, maxY := -2*ffColumn-80, -ffGoalR-60, 2*ffColumn+80, ffGoalR+60
	for _, b := range boxes {
		minX, minY = min(minX, b.X-70), min(minY, b.Y-20)
		maxX, maxY = max(maxX, b.X+b.W+70), max(maxY, b.Y+b.H+ffLabelGap+10)
	}
	minY -= 40 // room for the headings
	s := svg.NewWriter(w)
	width, height := maxX-minX, maxY-minY
	title := opts.Title
	if title == "" {
		title = i18n.Default().T(lang, "forcefield.title")
	}
	s.Raw(`<svg xmlns="http://www.w3.org/2000/svg" class="forcefield" role="img" viewBox="`).
		Num(minX).Raw(" ").Num(minY).Raw(" ").Num(width).Raw(" ").Num(height).Raw(`"`).
		NumAttr("width", width).NumAttr("height", height).Attr("font-family", fontFam).Raw(` font-size="12">`)
	s.Raw("<title>").Text(title).Raw("</title><desc>").Text(forceFieldDesc(f, lang)).Raw("</desc>\n")
	s.Raw(`<rect fill="#fff"`).NumAttr("x", minX).NumAttr("y", minY).NumAttr("width", width).NumAttr("height", height).Raw("/>")
	// two halves: opposed left, supportive right
	s.Raw(`<rect fill="#fff5f5"`).NumAttr("x", minX).NumAttr("y", minY).NumAttr("width", -minX-ffGoalR/2).NumAttr("height", height).Raw("/>")
	s.Raw(`<rect fill="#f3faf3"`).NumAttr("x", ffGoalR/2).NumAttr("y", minY).NumAttr("width", maxX-ffGoalR/2).NumAttr("height", height).Raw("/>")
	s.Raw(`<text font-size="13" font-weight="600" fill="#b71c1c"`).NumAttr("x", minX+16).NumAttr("y", minY+24).Raw(">").Text(i18n.Default().T(lang, "forcefield.restraining")).Raw("</text>")
	s.Raw(`<text font-size="13" font-weight="600" fill="#2e7d32" text-anchor="end"`).NumAttr("x", maxX-16).NumAttr("y", minY+24).Raw(">").Text(i18n.Default().T(lang, "forcefield.driving")).Raw("</text>\n")

	renderForces(s, f, boxes)
	s.Raw(`<g class="ties" fill="none" stroke-width="1.6">`)
	for _, t := range f.Ties {
		a, okA := boxes[t.A]
		b, okB := boxes[t.B]
		if okA && okB && t.A != t.B {
			drawTie(s, a, b, t.Kind, t.A, t.B, true)
		}
	}
	s.Raw("</g>\n")
	// the goal
	s.Raw(`<g class="goal"><circle r="` + strconv.Itoa(int(ffGoalR)) + `" cx="0" cy="0" fill="#ede7f6" stroke="#5e35b1" stroke-width="2.5"/>`)
	lines := wrapWords(f.Goal, 17, 5)
	for i, ln := range lines {
		s.Raw(`<text text-anchor="middle" font-weight="600"`).NumAttr("x", 0).NumAttr("y", float64(i)*15-float64(len(lines)-1)*7.5+4).Raw(">").Text(ln).Raw("</text>")
	}
	s.Raw("</g>\n")
	for _, st := range f.Stakeholders {
		if b, ok := boxes[st.ID]; ok && st.ID != "" {
			renderStakeholder(s, st, b, lang)
		}
	}
	s.Raw("</svg>\n")
	return s.Close()
}

// forceFieldDesc is the text description of a force field: its goal and
// how many stakeholders support and oppose it.
func forceFieldDesc(f *ForceField, lang string) string {
	sup, opp := 0, 0
	for _, st := range f.Stakeholders {
		if st.Stance > 0 {
			sup++
		} else if st.Stance < 0 {
			opp++
		}
	}
	cat := i18n.Default()
	return cat.T(lang, "forcefield.desc", f.Goal, cat.N(lang, "forcefield.stakeholders", len(f.Stakeholders)), sup, opp)
}

// renderForces draws each stakeholder's line to the goal: its colour the
// stance, its width the influence, dashed when opposed.
func renderForces(s *svg.Writer, f *ForceField, boxes map[string]Box) {
	s.Raw(`<g class="forces" fill="none">`)
	for _, st := range f.Stakeholders {
		b, ok := boxes[st.ID]
		if !ok || st.ID == "" {
			continue
		}
		c := b.Centre()
		d := math.Hypot(c.X, c.Y)
		if d < 1 {
			continue
		}
		x1, y1 := edgePoint(b, 0, 0)
		x2, y2 := c.X/d*(ffGoalR+4), c.Y/d*(ffGoalR+4)
		_, stroke := stanceColour(st.Stance)
		s.Raw(`<path stroke="`+stroke+`" stroke-opacity="0.7"`).NumAttr("stroke-width", 0.8+0.5*float64(min(max(st.Influence, 1), 5)))
		if st.Stance < 0 {
			s.Raw(` stroke-dasharray="6 4"`)
		}
		s.Raw(` d="M`).Num(x1).Raw(" ").Num(y1).Raw("L").Num(x2).Raw(" ").Num(y2).Raw(`"/>`)
	}
	s.Raw("</g>\n")
}

// renderStakeholder draws one stakeholder in box b: its circle with the
// influence, its name and role, and a tooltip.
func renderStakeholder(s *svg.Writer, st Stakeholder, b Box, lang string) {
	fill, stroke := stanceColour(st.Stance)
	c := b.Centre()
	s.Raw(`<g class="stakeholder"`).Attr("data-stakeholder-id", st.ID).NumAttr("data-x", b.X).NumAttr("data-y", b.Y).NumAttr("data-w", b.W).NumAttr("data-h", b.H).
		Attr("data-stance", strconv.Itoa(st.Stance)).Attr("data-influence", strconv.Itoa(st.Influence)).Raw(">")
	tt := st.Name
	if st.Role != "" {
		tt += " — " + st.Role
	}
	tt += i18n.Default().T(lang, "forcefield.influence", st.Influence)
	if st.Note != "" {
		tt += ": " + st.Note
	}
	s.Raw("<title>").Text(tt).Raw("</title>")
	s.Raw(`<circle stroke-width="2" fill="`+fill+`" stroke="`+stroke+`"`).NumAttr("cx", c.X).NumAttr("cy", c.Y).NumAttr("r", b.W/2).Raw("/>")
	s.Raw(`<text text-anchor="middle" font-size="12" fill="#333"`).NumAttr("x", c.X).NumAttr("y", c.Y+4).Raw(">").Text(strconv.Itoa(st.Influence)).Raw("</text>")
	// labels under the circle; neutral stakeholders (on the axis above
	// and below the goal) get them beside the circle, clear of their line
	lx, ly, anchor := c.X, b.Y+b.H+15, "middle"
	if st.Stance == 0 {
		lx, ly, anchor = b.X+b.W+8, c.Y, "start"
	}
	s.Raw(`<text font-weight="600" text-anchor="`+anchor+`"`+halo).NumAttr("x", lx).NumAttr("y", ly).Raw(">").Text(truncate(st.Name, 22)).Raw("</text>")
	if st.Role != "" {
		s.Raw(`<text font-size="12" fill="#666" text-anchor="`+anchor+`"`+halo).NumAttr("x", lx).NumAttr("y", ly+13).Raw(">").Text(truncate(st.Role, 26)).Raw("</text>")
	}
	s.Raw("</g>\n")
}

// wrapWords breaks text into at most maxLines lines of about width runes.
func wrapWords(text string, width, maxLines int) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(text) {
		if cur != "" && len([]rune(cur))+1+len([]rune(w)) > width {
			lines = append(lines, cur)
			cur = ""
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] = truncate(lines[maxLines-1], width-1) + "…"
	}
	for i := range lines {
		lines[i] = truncate(lines[i], width+6)
	}
	return lines
}
