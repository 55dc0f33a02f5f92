package genogram

import (
	"math"
	"slices"
	"sort"
)

// Geometry in SVG user units. Symbols are 40×40; neighbours in a partner
// block stand SlotWidth apart centre to centre, so that the labels under
// them (at most ~96 units wide) and the child line from the middle of a
// partner line never collide.
const (
	SymbolSize  = 40.0
	SlotWidth   = 110.0
	blockGap    = 40.0 // extra room between unrelated blocks in a row
	RowPitch    = 180.0
	Margin      = 50.0
	proW        = 84.0
	proH        = 40.0
	proSlot     = 150.0
	proBandGap  = 90.0
	proRowPitch = 110.0
)

// Box is a symbol's box in SVG user units (top-left corner, width, height).
type Box struct{ X, Y, W, H float64 }

// Centre returns the middle of the box.
func (b Box) Centre() Point { return Point{b.X + b.W/2, b.Y + b.H/2} }

// Overlaps reports whether two boxes share interior area.
func (b Box) Overlaps(o Box) bool {
	return b.X < o.X+o.W && o.X < b.X+b.W && b.Y < o.Y+o.H && o.Y < b.Y+b.H
}

// Options controls layout and rendering.
type Options struct {
	Lang          string // "nl" (default) or "en"
	Professionals bool   // draw the professionals overlay
	Focus         string // person ID; with Generations > 0 only persons within N generations are drawn
	Generations   int
	NoLegend      bool
	Title         string // accessible title; a default is used when empty
	// Scale draws the drawing at this many pixels per unit of its layout
	// (0 means 1, its natural size). The focused view on a phone uses it
	// to keep the smallest text at 12 pixels or more.
	Scale float64
	// FitWidth is the width in pixels a page shrinks the drawing to when
	// it is wider (max-width: 100%); 0 when unknown. Text that would be
	// smaller than MinTextPx there is left out, and so is the legend: the
	// <title> of each symbol still names the person. A family so large
	// that its symbols would be under a few pixels there is drawn as an
	// overview instead (see Layout.Overview).
	FitWidth float64
	// PersonHref links each symbol to its person's details; nil draws no
	// links (exports, print).
	PersonHref func(id string) string
	// IDPrefix keeps the ids of the shared symbols unique when several
	// drawings share a page; "geno" when empty.
	IDPrefix string
	// Window, when not zero, draws only the persons whose symbol meets it
	// (and their lines), in the whole drawing's coordinates: see
	// Layout.FocusWindow.
	Window Box
}

type couple struct {
	id       string
	a, b     int // indices into Layout.persons
	kind     PartnershipKind
	implicit bool // two parents without a recorded partnership
	level    int  // how far below the symbols the partner line runs
}

type childGroup struct {
	couple   int // index into couples, or -1 for a single parent
	parent   int // the single parent when couple < 0
	kind     ChildKind
	children []int
	slot     int // small offset so that bars of neighbouring groups do not coincide
}

type block struct {
	members []int
	row     int
	left    float64 // centre x of the first member
	first   int     // order of first appearance in the input
}

// Layout is the computed drawing: where every symbol goes, plus the lines.
type Layout struct {
	// Boxes gives every drawn person's symbol box, keyed by person ID.
	Boxes         map[string]Box
	MinX, MinY    float64 // top-left of the drawing (the SVG viewBox origin)
	Width, Height float64

	persons  []Person
	idx      map[string]int
	box      []Box
	win      Box   // the window being drawn (Options.Window)
	row      []int // -1 for professionals
	pro      []bool
	pinned   []bool
	couples  []couple
	groups   []childGroup
	rows     int
	rowOrder [][]int // block indices per row, left to right
	parts    map[string]*Partnership
}

// ComputeLayout lays the genogram out. It never fails: validation is a
// separate step, and references to unknown persons are simply not drawn.
// Pinned persons keep their position exactly (two pins that would overlap
// are resolved by moving the later one, in ID order, to the right); all
// other symbols are pushed to the right, within their row, until they clear
// every pinned symbol. No two symbols ever overlap.
func ComputeLayout(g *Genogram, opts Options) *Layout {
	if opts.Focus != "" && opts.Generations > 0 {
		g = g.Neighbourhood(opts.Focus, opts.Generations)
	}
	l := build(g, opts.Professionals)
	blocks, blockOf := l.assignRows()
	l.orderRows(blocks, blockOf)
	l.placeFamily(blocks, blockOf)
	l.placeProfessionals(g.Ties)
	l.applyPins(g.Pinned)
	l.assignBarSlots()
	l.finish()
	return l
}

// build indexes persons and resolves partner lines and child groups.
func build(g *Genogram, professionals bool) *Layout {
	opts := Options{Professionals: professionals}
	l := &Layout{idx: make(map[string]int, len(g.Persons))}
	l.parts = make(map[string]*Partnership, len(g.Partnerships))
	for i := range g.Partnerships {
		if g.Partnerships[i].ID != "" {
			l.parts[g.Partnerships[i].ID] = &g.Partnerships[i]
		}
	}
	for _, p := range g.Persons {
		if p.ID == "" || (p.Professional && !opts.Professionals) {
			continue
		}
		if _, dup := l.idx[p.ID]; dup {
			continue
		}
		l.idx[p.ID] = len(l.persons)
		l.persons = append(l.persons, p)
		l.pro = append(l.pro, p.Professional)
	}
	n := len(l.persons)
	l.box = make([]Box, n)
	l.row = make([]int, n)
	l.pinned = make([]bool, n)
	family := func(id string) (int, bool) {
		i, ok := l.idx[id]
		if !ok || l.pro[i] {
			return -1, false
		}
		return i, true
	}

	// Partner lines between family members.
	pairCouple := make(map[[2]int]int)
	for _, pt := range g.Partnerships {
		a, okA := family(pt.A)
		b, okB := family(pt.B)
		if !okA || !okB || a == b {
			continue
		}
		k := [2]int{min(a, b), max(a, b)}
		if _, seen := pairCouple[k]; !seen {
			pairCouple[k] = len(l.couples)
		}
		l.couples = append(l.couples, couple{id: pt.ID, a: a, b: b, kind: pt.Kind})
	}
	// Child groups: one per (anchor, kind).
	type gkey struct {
		couple, parent int
		kind           ChildKind
	}
	groupOf := make(map[gkey]int)
	for _, pc := range g.Children {
		c, ok := family(pc.Child)
		if !ok {
			continue
		}
		pa, pb := parentsOf(pc, l.parts)
		a, okA := family(pa)
		b, okB := family(pb)
		kind := pc.Kind
		if kind == "" {
			kind = Biological
		}
		key := gkey{couple: -1, parent: -1, kind: kind}
		switch {
		case okA && okB && a != b:
			k := [2]int{min(a, b), max(a, b)}
			ci, seen := pairCouple[k]
			if !seen {
				ci = len(l.couples)
				pairCouple[k] = ci
				l.couples = append(l.couples, couple{a: a, b: b, implicit: true})
			}
			key.couple = ci
		case okA:
			key.parent = a
		case okB:
			key.parent = b
		default:
			continue
		}
		if key.parent == c || (key.couple >= 0 && (l.couples[key.couple].a == c || l.couples[key.couple].b == c)) {
			continue // own parent: invalid, not drawn
		}
		gi, seen := groupOf[key]
		if !seen {
			gi = len(l.groups)
			groupOf[key] = gi
			l.groups = append(l.groups, childGroup{couple: key.couple, parent: key.parent, kind: kind})
		}
		if !slices.Contains(l.groups[gi].children, c) {
			l.groups[gi].children = append(l.groups[gi].children, c)
		}
	}

	return l
}

// uf is a small union-find over person indices.
type uf []int

func (u uf) find(x int) int {
	for u[x] != x {
		u[x] = u[u[x]]
		x = u[x]
	}
	return x
}
func (u uf) union(a, b int) { u[u.find(a)] = u.find(b) }

// groupParents returns the parent persons of a child group.
func (l *Layout) groupParents(gr *childGroup) []int {
	if gr.couple >= 0 {
		c := l.couples[gr.couple]
		return []int{c.a, c.b}
	}
	return []int{gr.parent}
}

// assignRows puts partners in one block on one row and children at least
// one row below their parents (longest path), then pulls parents without
// parents of their own down to just above their children, so that in-laws
// stand next to their own generation.
func (l *Layout) assignRows() ([]*block, []int) {
	blocks, blockOf := l.partnerBlocks()
	kids, indeg, hasParent := l.blockEdges(blocks, blockOf)
	gen, order := longestPaths(kids, indeg)
	l.refineGenerations(blockOf, kids, hasParent, gen, order)
	minGen := math.MaxInt
	for b := range blocks {
		minGen = min(minGen, gen[b])
	}
	for b, bl := range blocks {
		bl.row = gen[b] - minGen
		l.rows = max(l.rows, bl.row+1)
		for _, m := range bl.members {
			l.row[m] = bl.row
		}
		l.orderBlockMembers(bl)
	}
	return blocks, blockOf
}

// partnerBlocks joins partners, and partners of partners, into blocks that
// share a row; professionals belong to no block (-1).
func (l *Layout) partnerBlocks() ([]*block, []int) {
	n := len(l.persons)
	u := make(uf, n)
	for i := range u {
		u[i] = i
	}
	for _, c := range l.couples {
		u.union(c.a, c.b)
	}
	blockOf := make([]int, n)
	var blocks []*block
	rootBlock := make(map[int]int)
	for i := 0; i < n; i++ {
		if l.pro[i] {
			blockOf[i] = -1
			continue
		}
		r := u.find(i)
		bi, ok := rootBlock[r]
		if !ok {
			bi = len(blocks)
			rootBlock[r] = bi
			blocks = append(blocks, &block{first: i})
		}
		blockOf[i] = bi
		blocks[bi].members = append(blocks[bi].members, i)
	}
	return blocks, blockOf
}

// blockEdges links each parents' block to its children's blocks.
func (l *Layout) blockEdges(blocks []*block, blockOf []int) (kids [][]int, indeg []int, hasParent []bool) {
	nb := len(blocks)
	kids = make([][]int, nb)
	indeg = make([]int, nb)
	hasParent = make([]bool, nb)
	seenEdge := make(map[[2]int]bool)
	for gi := range l.groups {
		gr := &l.groups[gi]
		pb := blockOf[l.groupParents(gr)[0]]
		for _, c := range gr.children {
			cb := blockOf[c]
			if cb == pb || seenEdge[[2]int{pb, cb}] {
				continue
			}
			seenEdge[[2]int{pb, cb}] = true
			kids[pb] = append(kids[pb], cb)
			indeg[cb]++
			hasParent[cb] = true
		}
	}
	return kids, indeg, hasParent
}

// longestPaths gives each block its generation, the longest path from a
// block without parents (Kahn's algorithm), and the order it visited them.
// indeg is used up.
func longestPaths(kids [][]int, indeg []int) (gen, order []int) {
	nb := len(kids)
	gen = make([]int, nb)
	order = make([]int, 0, nb)
	for b := 0; b < nb; b++ {
		if indeg[b] == 0 {
			order = append(order, b)
		}
	}
	for i := 0; i < len(order); i++ {
		b := order[i]
		for _, c := range kids[b] {
			gen[c] = max(gen[c], gen[b]+1)
			indeg[c]--
			if indeg[c] == 0 {
				order = append(order, c)
			}
		}
	}
	if len(order) < nb { // a cycle (invalid data): place the rest as they come
		done := make([]bool, nb)
		for _, b := range order {
			done[b] = true
		}
		for b := 0; b < nb; b++ {
			if !done[b] {
				order = append(order, b)
				for _, c := range kids[b] {
					if !done[c] {
						gen[c] = max(gen[c], gen[b]+1)
					}
				}
				done[b] = true
			}
		}
	}
	return gen, order
}

// refineGenerations moves parents without parents of their own (in-laws,
// foster parents) down next to their children's generation and puts
// siblings on one row; then children are pushed below their parents again.
// A few rounds suffice; contradictory data (someone partnered with their
// own nephew) cannot be satisfied and simply stops after the last round.
func (l *Layout) refineGenerations(blockOf []int, kids [][]int, hasParent []bool, gen, order []int) {
	sibs := make([][]int, 0, len(l.groups))
	for gi := range l.groups {
		gr := &l.groups[gi]
		pb := blockOf[l.groupParents(gr)[0]]
		var bs []int
		for _, c := range gr.children {
			if cb := blockOf[c]; cb != pb && !slices.Contains(bs, cb) {
				bs = append(bs, cb)
			}
		}
		if len(bs) > 1 {
			sibs = append(sibs, bs)
		}
	}
	for round := 0; round < 4; round++ {
		changed := false
		for i := len(order) - 1; i >= 0; i-- {
			b := order[i]
			if hasParent[b] || len(kids[b]) == 0 {
				continue
			}
			m := math.MinInt
			for _, c := range kids[b] {
				m = max(m, gen[c])
			}
			if m-1 > gen[b] {
				gen[b] = m - 1
				changed = true
			}
		}
		for _, bs := range sibs {
			m := math.MinInt
			for _, b := range bs {
				m = max(m, gen[b])
			}
			for _, b := range bs {
				if gen[b] != m {
					gen[b] = m
					changed = true
				}
			}
		}
		for _, b := range order {
			for _, c := range kids[b] {
				gen[c] = max(gen[c], gen[b]+1)
			}
		}
		if !changed {
			break
		}
	}
}

// orderBlockMembers lines partners up as a chain: a person with two partners
// stands between them (remarriage); a simple couple is drawn man left.
func (l *Layout) orderBlockMembers(bl *block) {
	ms := bl.members
	if len(ms) == 1 {
		return
	}
	if len(ms) == 2 {
		if l.persons[ms[1]].Sex == SexMale && l.persons[ms[0]].Sex != SexMale {
			ms[0], ms[1] = ms[1], ms[0]
		}
		return
	}
	adj := make(map[int][]int, len(ms))
	for _, c := range l.couples {
		if l.row[c.a] != bl.row {
			continue
		}
		if slices.Contains(ms, c.a) && !slices.Contains(adj[c.a], c.b) {
			adj[c.a] = append(adj[c.a], c.b)
			adj[c.b] = append(adj[c.b], c.a)
		}
	}
	start := ms[0]
	for _, m := range ms {
		if len(adj[m]) < len(adj[start]) {
			start = m
		}
	}
	out := make([]int, 0, len(ms))
	seen := make(map[int]bool, len(ms))
	stack := []int{start}
	for len(stack) > 0 {
		m := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[m] {
			continue
		}
		seen[m] = true
		out = append(out, m)
		nb := adj[m]
		for i := len(nb) - 1; i >= 0; i-- {
			if !seen[nb[i]] {
				stack = append(stack, nb[i])
			}
		}
	}
	for _, m := range ms { // members not reached (should not happen)
		if !seen[m] {
			out = append(out, m)
		}
	}
	copy(ms, out)
}

// orderRows decides the left-to-right order of blocks per row: first a
// depth-first walk from the oldest generation (so that descendants land
// under their ancestors), then barycentre sweeps to reduce crossings.
func (l *Layout) orderRows(blocks []*block, blockOf []int) [][]int {
	parentBlocks, childBlocks := l.blockFamilies(blocks, blockOf)
	rowsOrder := l.depthFirstRows(blocks, parentBlocks, childBlocks)
	l.barycentreSweeps(blocks, rowsOrder)
	l.rowOrder = rowsOrder
	return rowsOrder
}

// blockFamilies lists each block's parent blocks and its child blocks,
// children oldest first.
func (l *Layout) blockFamilies(blocks []*block, blockOf []int) (parentBlocks, childBlocks [][]int) {
	nb := len(blocks)
	childBlocks = make([][]int, nb)
	parentBlocks = make([][]int, nb)
	type kidRef struct{ b, year, i int }
	kidsOf := make([][]kidRef, nb)
	for gi := range l.groups {
		gr := &l.groups[gi]
		pb := blockOf[l.groupParents(gr)[0]]
		for _, c := range gr.children {
			cb := blockOf[c]
			if cb == pb {
				continue
			}
			kidsOf[pb] = append(kidsOf[pb], kidRef{cb, l.persons[c].BirthYear, c})
			if !slices.Contains(parentBlocks[cb], pb) {
				parentBlocks[cb] = append(parentBlocks[cb], pb)
			}
		}
	}
	for b := range kidsOf {
		ks := kidsOf[b]
		sort.SliceStable(ks, func(i, j int) bool {
			yi, yj := ks[i].year, ks[j].year
			if yi != yj && yi != 0 && yj != 0 {
				return yi < yj
			}
			return ks[i].i < ks[j].i
		})
		for _, k := range ks {
			if !slices.Contains(childBlocks[b], k.b) {
				childBlocks[b] = append(childBlocks[b], k.b)
			}
		}
	}
	return parentBlocks, childBlocks
}

// depthFirstRows orders each row by a depth-first walk from the oldest
// generation, so that descendants land under their ancestors.
func (l *Layout) depthFirstRows(blocks []*block, parentBlocks, childBlocks [][]int) [][]int {
	nb := len(blocks)
	rowsOrder := make([][]int, l.rows)
	visited := make([]bool, nb)
	starts := make([]int, nb)
	for i := range starts {
		starts[i] = i
	}
	sort.SliceStable(starts, func(i, j int) bool {
		bi, bj := blocks[starts[i]], blocks[starts[j]]
		if bi.row != bj.row {
			return bi.row < bj.row
		}
		return bi.first < bj.first
	})
	for _, s := range starts {
		if visited[s] {
			continue
		}
		stack := []int{s}
		for len(stack) > 0 {
			b := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if visited[b] {
				continue
			}
			visited[b] = true
			rowsOrder[blocks[b].row] = append(rowsOrder[blocks[b].row], b)
			ps := parentBlocks[b]
			for i := len(ps) - 1; i >= 0; i-- {
				if !visited[ps[i]] {
					stack = append(stack, ps[i])
				}
			}
			cs := childBlocks[b]
			for i := len(cs) - 1; i >= 0; i-- {
				if !visited[cs[i]] {
					stack = append(stack, cs[i])
				}
			}
		}
	}
	return rowsOrder
}

// personNeighbours lists each person's parents and children for the
// sweeps. Order by biological (or else any) parents: a foster child is
// drawn among its siblings, with a long dashed line to the foster parents.
func (l *Layout) personNeighbours() (parentsOfPerson, kidsOfPerson [][]int) {
	parentsOfPerson = make([][]int, len(l.persons))
	kidsOfPerson = make([][]int, len(l.persons))
	hasBio := make([]bool, len(l.persons))
	for gi := range l.groups {
		if l.groups[gi].kind == Biological {
			for _, c := range l.groups[gi].children {
				hasBio[c] = true
			}
		}
	}
	for gi := range l.groups {
		gr := &l.groups[gi]
		ps := l.groupParents(gr)
		for _, c := range gr.children {
			if gr.kind != Biological && hasBio[c] {
				continue
			}
			parentsOfPerson[c] = append(parentsOfPerson[c], ps...)
			for _, p := range ps {
				kidsOfPerson[p] = append(kidsOfPerson[p], c)
			}
		}
	}
	return parentsOfPerson, kidsOfPerson
}

// barycentreSweeps reorders the rows to reduce crossings: each block moves
// to the mean position of its members' parents (downward sweeps) or
// children (upward sweeps).
func (l *Layout) barycentreSweeps(blocks []*block, rowsOrder [][]int) {
	pos := make([]float64, len(l.persons))
	setPos := func(r int) {
		k := 0.0
		for _, b := range rowsOrder[r] {
			for _, m := range blocks[b].members {
				pos[m] = k
				k++
			}
		}
	}
	for r := range rowsOrder {
		setPos(r)
	}
	parentsOfPerson, kidsOfPerson := l.personNeighbours()
	bary := make([]float64, len(blocks))
	sweep := func(r int, nbrs [][]int, dir int) {
		for _, b := range rowsOrder[r] {
			sum, cnt := 0.0, 0
			for _, m := range blocks[b].members {
				for _, o := range nbrs[m] {
					if l.row[o] == r+dir {
						sum += pos[o]
						cnt++
					}
				}
			}
			ms := blocks[b].members
			if cnt > 0 {
				bary[b] = sum / float64(cnt)
			} else {
				bary[b] = pos[ms[0]] + float64(len(ms)-1)/2
			}
		}
		sort.SliceStable(rowsOrder[r], func(i, j int) bool { return bary[rowsOrder[r][i]] < bary[rowsOrder[r][j]] })
		setPos(r)
	}
	for it := 0; it < 3; it++ {
		for r := 1; r < l.rows; r++ {
			sweep(r, parentsOfPerson, -1)
		}
		for r := l.rows - 2; r >= 0; r-- {
			sweep(r, kidsOfPerson, +1)
		}
	}
	for r := 1; r < l.rows; r++ {
		sweep(r, parentsOfPerson, -1)
	}
}
