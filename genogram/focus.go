package genogram

// Neighbourhood returns the part of the genogram within n generations of
// the focus person: everyone reachable from the focus through partner and
// parent-child lines without leaving the band of generations
// [gen(focus)-n, gen(focus)+n]. Siblings and partners (same generation) are
// included; cousins only when the band reaches the grandparents.
// Professionals are always kept (their ties to persons left out are not
// drawn). An unknown focus returns the genogram unchanged.
func (g *Genogram) Neighbourhood(focus string, n int) *Genogram {
	l := build(g, false)
	f, ok := l.idx[focus]
	if !ok || l.pro[f] || n < 0 {
		return g
	}
	l.assignRows()
	adj := make([][]int, len(l.persons))
	for _, c := range l.couples {
		adj[c.a] = append(adj[c.a], c.b)
		adj[c.b] = append(adj[c.b], c.a)
	}
	for gi := range l.groups {
		gr := &l.groups[gi]
		for _, p := range l.groupParents(gr) {
			for _, c := range gr.children {
				adj[p] = append(adj[p], c)
				adj[c] = append(adj[c], p)
			}
		}
	}
	lo, hi := l.row[f]-n, l.row[f]+n
	keep := make(map[string]bool)
	seen := make([]bool, len(l.persons))
	seen[f] = true
	queue := []int{f}
	for len(queue) > 0 {
		v := queue[0]
		queue = queue[1:]
		keep[l.persons[v].ID] = true
		for _, w := range adj[v] {
			if !seen[w] && l.row[w] >= lo && l.row[w] <= hi {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	for _, p := range g.Persons {
		if p.Professional {
			keep[p.ID] = true
		}
	}
	return g.subset(keep)
}

// subset keeps the given persons and everything that only refers to them.
func (g *Genogram) subset(keep map[string]bool) *Genogram {
	out := &Genogram{}
	for _, p := range g.Persons {
		if keep[p.ID] {
			out.Persons = append(out.Persons, p)
		}
	}
	parts := make(map[string]*Partnership)
	for i := range g.Partnerships {
		pt := &g.Partnerships[i]
		parts[pt.ID] = pt
		if keep[pt.A] && keep[pt.B] {
			out.Partnerships = append(out.Partnerships, *pt)
		}
	}
	for _, pc := range g.Children {
		if !keep[pc.Child] {
			continue
		}
		a, b := parentsOf(pc, parts)
		switch {
		case keep[a] && (b == "" || keep[b]):
			out.Children = append(out.Children, pc)
		case keep[a]:
			out.Children = append(out.Children, ParentChild{Child: pc.Child, Parent1: a, Kind: pc.Kind})
		case keep[b]:
			out.Children = append(out.Children, ParentChild{Child: pc.Child, Parent1: b, Kind: pc.Kind})
		}
	}
	for _, t := range g.Ties {
		if keep[t.A] && keep[t.B] {
			out.Ties = append(out.Ties, t)
		}
	}
	for _, e := range g.Events {
		if keep[e.Person] {
			out.Events = append(out.Events, e)
		}
	}
	for _, h := range g.Households {
		var ms []string
		for _, m := range h.Members {
			if keep[m] {
				ms = append(ms, m)
			}
		}
		if len(ms) > 0 {
			h.Members = ms
			out.Households = append(out.Households, h)
		}
	}
	if g.Pinned != nil {
		out.Pinned = make(map[string]Point)
		for id, p := range g.Pinned {
			if keep[id] {
				out.Pinned[id] = p
			}
		}
	}
	return out
}
