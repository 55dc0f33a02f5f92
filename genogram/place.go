package genogram

import (
	"cmp"
	"math"
	"slices"
)

// rowTop is the y of the top of the symbols in row r (room above for years).
func rowTop(r int) float64 { return Margin + 20 + float64(r)*RowPitch }

// pav returns the non-decreasing sequence closest to target in weighted
// least squares (pool adjacent violators). Together with the offsets in
// placeRow it places a row as near as possible to where its blocks want to
// be while keeping order and minimum spacing: overlap is impossible by
// construction.
func pav(target, weight []float64, out []float64) {
	type pool struct {
		w, wt float64
		n     int
	}
	pools := make([]pool, 0, len(target))
	for i, t := range target {
		p := pool{w: weight[i], wt: weight[i] * t, n: 1}
		for len(pools) > 0 {
			last := pools[len(pools)-1]
			if last.wt/last.w <= p.wt/p.w {
				break
			}
			p = pool{w: last.w + p.w, wt: last.wt + p.wt, n: last.n + p.n}
			pools = pools[:len(pools)-1]
		}
		pools = append(pools, p)
	}
	k := 0
	for _, p := range pools {
		v := p.wt / p.w
		for j := 0; j < p.n; j++ {
			out[k] = v
			k++
		}
	}
}

// placeFamily assigns x to every family member: rows are placed alternately
// under their parents (down) and over their children (up).
func (l *Layout) placeFamily(blocks []*block, blockOf []int) {
	p := newFamilyPlacer(l, blocks, blockOf)
	for r := 0; r < l.rows; r++ {
		p.placeRow(r, p.pack)
	}
	for it := 0; it < 4; it++ {
		for r := 1; r < l.rows; r++ {
			p.placeRow(r, p.down)
		}
		for r := l.rows - 2; r >= 0; r-- {
			p.placeRow(r, p.up)
		}
	}
	x := p.x
	minX := math.Inf(1)
	for i := range x {
		if !l.pro[i] {
			minX = min(minX, x[i])
		}
	}
	for i := range x {
		if l.pro[i] {
			continue
		}
		l.box[i] = Box{X: x[i] - minX + Margin + SlotWidth/2 - SymbolSize/2, Y: rowTop(l.row[i]), W: SymbolSize, H: SymbolSize}
	}
	l.partnerLevels(blocks, blockOf)
}

// partnerLevels sets the partner-line depth: neighbours share the
// shallowest level; a partner further along the chain gets a deeper line
// so lines do not coincide.
func (l *Layout) partnerLevels(blocks []*block, blockOf []int) {
	pos := make(map[int]int, len(l.persons))
	for _, b := range blocks {
		for k, m := range b.members {
			pos[m] = k
		}
	}
	for ci := range l.couples {
		c := &l.couples[ci]
		if blockOf[c.a] == blockOf[c.b] {
			d := pos[c.a] - pos[c.b]
			if d < 0 {
				d = -d
			}
			c.level = min(max(d-1, 0), 4)
		}
	}
}

// familyPlacer moves whole blocks along their rows towards where their
// parents (down sweeps) or children (up sweeps) pull them, keeping the
// row's order and spacing (pool adjacent violators, pav).
type familyPlacer struct {
	l             *Layout
	blocks        []*block
	x             []float64 // centre of each person's slot
	groupsOfChild [][]int
	groupsOfBlock [][]int
	// buffers reused by placeRow
	target, weight, off, out []float64
}

// idle is the weight of a block that has no reason to move.
const idle = 1e-3

func newFamilyPlacer(l *Layout, blocks []*block, blockOf []int) *familyPlacer {
	n := len(l.persons)
	p := &familyPlacer{l: l, blocks: blocks, x: make([]float64, n),
		groupsOfChild: make([][]int, n), groupsOfBlock: make([][]int, len(blocks))}
	for gi := range l.groups {
		gr := &l.groups[gi]
		for _, c := range gr.children {
			p.groupsOfChild[c] = append(p.groupsOfChild[c], gi)
		}
		pb := blockOf[l.groupParents(gr)[0]]
		p.groupsOfBlock[pb] = append(p.groupsOfBlock[pb], gi)
	}
	return p
}

func blockWidth(b *block) float64 { return float64(len(b.members)-1) * SlotWidth }

func (p *familyPlacer) setX(b *block) {
	for k, m := range b.members {
		p.x[m] = b.left + float64(k)*SlotWidth
	}
}

// anchorX is where a child group hangs from: the middle of the couple, or
// the single parent.
func (p *familyPlacer) anchorX(gr *childGroup) float64 {
	if gr.couple >= 0 {
		c := p.l.couples[gr.couple]
		return (p.x[c.a] + p.x[c.b]) / 2
	}
	return p.x[gr.parent]
}

func kindWeight(k ChildKind) float64 {
	if k == Biological {
		return 1
	}
	return 0.3
}

// placeRow places the blocks of row r as near to their desired left edge
// as the row's order and spacing allow.
func (p *familyPlacer) placeRow(r int, desired func(b *block, bi int) (float64, float64)) {
	order := p.l.rowOrder[r]
	p.target, p.weight, p.off, p.out = p.target[:0], p.weight[:0], p.off[:0], p.out[:0]
	o := 0.0
	for i, bi := range order {
		b := p.blocks[bi]
		if i > 0 {
			o += blockWidth(p.blocks[order[i-1]]) + SlotWidth + blockGap
		}
		d, w := desired(b, bi)
		p.target = append(p.target, d-o)
		p.weight = append(p.weight, w)
		p.off = append(p.off, o)
		p.out = append(p.out, 0)
	}
	pav(p.target, p.weight, p.out)
	for i, bi := range order {
		p.blocks[bi].left = p.out[i] + p.off[i]
		p.setX(p.blocks[bi])
	}
}

// down pulls a block towards its members' parents.
func (p *familyPlacer) down(b *block, _ int) (float64, float64) {
	l := p.l
	sum, w := 0.0, 0.0
	for _, m := range b.members {
		for _, gi := range p.groupsOfChild[m] {
			gr := &l.groups[gi]
			if l.row[l.groupParents(gr)[0]] >= b.row {
				continue
			}
			kw := kindWeight(gr.kind)
			sum += kw * (p.anchorX(gr) - p.x[m])
			w += kw
		}
	}
	if w == 0 {
		return b.left, idle
	}
	return b.left + sum/w, w
}

// up pulls a block towards its children.
func (p *familyPlacer) up(b *block, bi int) (float64, float64) {
	l := p.l
	sum, w := 0.0, 0.0
	for _, gi := range p.groupsOfBlock[bi] {
		gr := &l.groups[gi]
		cs, cnt := 0.0, 0
		for _, c := range gr.children {
			if l.row[c] > b.row {
				cs += p.x[c]
				cnt++
			}
		}
		if cnt == 0 {
			continue
		}
		kw := kindWeight(gr.kind) * float64(cnt)
		sum += kw * (cs/float64(cnt) - p.anchorX(gr))
		w += kw
	}
	if w == 0 {
		return b.left, idle
	}
	return b.left + sum/w, w
}

// pack packs a row to the left.
func (p *familyPlacer) pack(*block, int) (float64, float64) { return 0, 1 }

// placeProfessionals puts professionals in a band below the family. Each
// one stands as near as the band allows under the family members it has
// ties with, so that its lines stay short; the rest are centred.
func (l *Layout) placeProfessionals(ties []Tie) {
	var pros []int
	minX, maxX, maxY := math.Inf(1), math.Inf(-1), Margin
	for i := range l.persons {
		if l.pro[i] {
			pros = append(pros, i)
			l.row[i] = -1
			continue
		}
		minX = min(minX, l.box[i].X)
		maxX = max(maxX, l.box[i].X+l.box[i].W)
		maxY = max(maxY, l.box[i].Y+l.box[i].H)
	}
	if len(pros) == 0 {
		return
	}
	if math.IsInf(minX, 0) {
		minX, maxX, maxY = Margin, Margin+4*proSlot, Margin-proBandGap+40
	}
	mid := (minX + maxX) / 2
	sum := make(map[int]float64, len(pros))
	cnt := make(map[int]int, len(pros))
	for _, t := range ties {
		a, okA := l.idx[t.A]
		b, okB := l.idx[t.B]
		if !okA || !okB {
			continue
		}
		if l.pro[a] && !l.pro[b] {
			sum[a] += l.box[b].X + l.box[b].W/2
			cnt[a]++
		}
		if l.pro[b] && !l.pro[a] {
			sum[b] += l.box[a].X + l.box[a].W/2
			cnt[b]++
		}
	}
	want := make(map[int]float64, len(pros))
	for _, p := range pros {
		want[p] = mid
		if cnt[p] > 0 {
			want[p] = sum[p] / float64(cnt[p])
		}
	}
	slices.SortStableFunc(pros, func(a, b int) int {
		if c := cmp.Compare(want[a], want[b]); c != 0 {
			return c
		}
		return cmp.Compare(l.persons[a].Organisation, l.persons[b].Organisation)
	})
	perRow := max(8, int((maxX-minX)/proSlot)+1)
	top := maxY + proBandGap
	for k := 0; k < len(pros); k += perRow {
		row := pros[k:min(k+perRow, len(pros))]
		target := make([]float64, len(row))
		weight := make([]float64, len(row))
		out := make([]float64, len(row))
		for j, p := range row {
			target[j] = want[p] - float64(j)*proSlot
			weight[j] = 1
		}
		pav(target, weight, out)
		for j, p := range row {
			cx := out[j] + float64(j)*proSlot
			l.box[p] = Box{X: cx - proW/2, Y: top + float64(k/perRow)*proRowPitch, W: proW, H: proH}
		}
	}
}

// pinGap is the free space kept around a pinned symbol.
const pinGap = 24.0

// applyPins moves pinned persons to their pinned centre and pushes the
// others in the same row to the right until they clear every pinned symbol.
func (l *Layout) applyPins(pins map[string]Point) {
	if len(pins) == 0 {
		return
	}
	ids := make([]string, 0, len(pins))
	for id, p := range pins {
		if _, ok := l.idx[id]; ok && !math.IsNaN(p.X) && !math.IsNaN(p.Y) && !math.IsInf(p.X, 0) && !math.IsInf(p.Y, 0) {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return
	}
	slices.Sort(ids)
	var placed []Box
	for _, id := range ids {
		i := l.idx[id]
		b := l.box[i]
		b.X, b.Y = pins[id].X-b.W/2, pins[id].Y-b.H/2
		for moved := true; moved; {
			moved = false
			for _, o := range placed {
				if b.Overlaps(o) {
					b.X = o.X + o.W + pinGap
					moved = true
				}
			}
		}
		l.box[i] = b
		l.pinned[i] = true
		placed = append(placed, b)
	}
	// Bands of unpinned symbols that share a y (a family row or a professionals row).
	bands := make(map[float64][]int)
	for i := range l.persons {
		if !l.pinned[i] {
			bands[l.box[i].Y] = append(bands[l.box[i].Y], i)
		}
	}
	for y, members := range bands {
		h := 0.0
		for _, i := range members {
			h = max(h, l.box[i].H)
		}
		var obs []Box
		for _, o := range placed {
			if o.Y < y+h && y < o.Y+o.H {
				obs = append(obs, o)
			}
		}
		if len(obs) == 0 {
			continue
		}
		slices.SortFunc(members, func(a, b int) int { return cmp.Compare(l.box[a].X, l.box[b].X) })
		cursor := math.Inf(-1)
		prevRight := math.Inf(-1)
		for _, i := range members {
			b := l.box[i]
			if !math.IsInf(prevRight, -1) {
				// keep at least the original spacing to the left neighbour
				cursor = prevRight
			}
			b.X = max(b.X, cursor)
			for moved := true; moved; {
				moved = false
				for _, o := range obs {
					if b.X < o.X+o.W+pinGap && o.X < b.X+b.W+pinGap {
						b.X = o.X + o.W + pinGap
						moved = true
					}
				}
			}
			gap := SlotWidth - SymbolSize
			if l.pro[i] {
				gap = proSlot - proW
			}
			prevRight = b.X + b.W + gap
			l.box[i] = b
		}
	}
}

// finish fills the public fields.
func (l *Layout) finish() {
	l.Boxes = make(map[string]Box, len(l.persons))
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i, p := range l.persons {
		b := l.box[i]
		l.Boxes[p.ID] = b
		c := b.Centre()
		minX = min(minX, c.X-SlotWidth/2)
		maxX = max(maxX, c.X+SlotWidth/2)
		minY = min(minY, b.Y-24)
		maxY = max(maxY, b.Y+b.H+80)
	}
	if len(l.persons) == 0 {
		minX, minY, maxX, maxY = 0, 0, 400, 200
	}
	l.MinX, l.MinY = minX-Margin/2, minY-Margin/2
	l.Width, l.Height = maxX-minX+Margin, maxY-minY+Margin
}

// anchor returns where a child group hangs from: the middle of the partner
// line, or the bottom of a single parent.
func (l *Layout) anchor(gr *childGroup) (float64, float64) {
	if gr.couple >= 0 {
		c := l.couples[gr.couple]
		a, b := l.box[c.a], l.box[c.b]
		return (a.X + a.W/2 + b.X + b.W/2) / 2, l.partnerY(c)
	}
	p := l.box[gr.parent]
	return p.X + p.W/2, p.Y + p.H
}

// assignBarSlots gives sibling bars that would overlap on the same height
// different heights (greedy interval colouring), so that every child can be
// traced to its own parents.
func (l *Layout) assignBarSlots() {
	type bar struct {
		gi     int
		lo, hi float64
	}
	byTop := make(map[float64][]bar)
	for gi := range l.groups {
		gr := &l.groups[gi]
		ax, _ := l.anchor(gr)
		lo, hi, top := ax, ax, math.Inf(1)
		for _, c := range gr.children {
			b := l.box[c]
			lo, hi, top = min(lo, b.X+b.W/2), max(hi, b.X+b.W/2), min(top, b.Y)
		}
		byTop[top] = append(byTop[top], bar{gi, lo - 6, hi + 6})
	}
	for _, bars := range byTop {
		slices.SortFunc(bars, func(a, b bar) int { return cmp.Compare(a.lo, b.lo) })
		var ends []float64 // right end per level
		for _, b := range bars {
			lvl := -1
			for k, e := range ends {
				if e < b.lo {
					lvl = k
					break
				}
			}
			if lvl < 0 {
				lvl = len(ends)
				ends = append(ends, 0)
			}
			ends[lvl] = b.hi
			l.groups[b.gi].slot = lvl
		}
	}
}
