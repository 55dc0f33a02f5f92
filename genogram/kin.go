package genogram

// Kin returns the focused view of the genogram around one person: the
// family within n generations of the focus, counted along parent-child
// lines. It holds
//   - the focus's ancestors up to n generations up (parents, grandparents),
//   - every descendant of those ancestors down to n generations below the
//     focus (siblings and half-siblings, aunts and uncles, cousins, the
//     focus's own children and grandchildren),
//   - the partners of all these and the other parents of their children
//     (a stepparent, a foster parent, an ex-partner),
//   - the children of the ancestors' partners within the band (stepsiblings
//     of the focus, step-aunts and -uncles),
//
// and no one further: not the partners' own parents or siblings. Unlike
// Neighbourhood, which follows every partner line within the band of
// generations, this stays near the focus in a large family. Professionals
// are kept. An unknown focus or n < 0 returns the genogram unchanged.
func (g *Genogram) Kin(focus string, n int) *Genogram {
	if n < 0 {
		return g
	}
	f, ok := g.PersonByID(focus)
	if !ok || f.Professional {
		return g
	}
	k := newKinGraph(g)
	keep := map[string]bool{focus: true}
	level, ancestors := k.ancestors(focus, n, keep)
	for _, a := range ancestors {
		k.descend(a, level[a], n, keep)
	}
	k.addPartners(keep)
	// the stepchildren of the ancestors: children of an ancestor's partner
	if n > 0 {
		k.addStepchildren(ancestors, keep)
	}
	for _, p := range g.Persons {
		if p.Professional {
			keep[p.ID] = true
		}
	}
	return g.subset(keep)
}

// kinGraph holds the parent, child and partner lines of a genogram by
// person ID.
type kinGraph struct {
	parents  map[string][]string
	children map[string][]string
	partners map[string][]string
}

func newKinGraph(g *Genogram) *kinGraph {
	k := &kinGraph{
		parents:  make(map[string][]string),
		children: make(map[string][]string),
		partners: make(map[string][]string),
	}
	parts := make(map[string]*Partnership, len(g.Partnerships))
	for i := range g.Partnerships {
		parts[g.Partnerships[i].ID] = &g.Partnerships[i]
	}
	for _, pc := range g.Children {
		a, b := parentsOf(pc, parts)
		k.link(a, pc.Child)
		k.link(b, pc.Child)
	}
	for _, pt := range g.Partnerships {
		if pt.A != "" && pt.B != "" && pt.A != pt.B {
			k.partners[pt.A] = append(k.partners[pt.A], pt.B)
			k.partners[pt.B] = append(k.partners[pt.B], pt.A)
		}
	}
	for _, ps := range k.parents { // the other parent of a child counts as a partner
		for _, a := range ps {
			for _, b := range ps {
				if a != b {
					k.partners[a] = append(k.partners[a], b)
				}
			}
		}
	}
	return k
}

func (k *kinGraph) link(p, c string) {
	if p == "" || p == c {
		return
	}
	k.parents[c] = append(k.parents[c], p)
	k.children[p] = append(k.children[p], c)
}

// ancestors marks the focus's ancestors up to n generations up in keep and
// returns each one's level (generations above the focus) and the list of
// them, the focus first.
func (k *kinGraph) ancestors(focus string, n int, keep map[string]bool) (map[string]int, []string) {
	level := map[string]int{focus: 0}
	ancestors := []string{focus}
	for frontier, up := []string{focus}, 1; up <= n && len(frontier) > 0; up++ {
		var next []string
		for _, v := range frontier {
			for _, p := range k.parents[v] {
				if _, seen := level[p]; !seen {
					level[p] = up
					keep[p] = true
					next = append(next, p)
					ancestors = append(ancestors, p)
				}
			}
		}
		frontier = next
	}
	return level, ancestors
}

// descend marks the descendants of from (at level lv) in keep, down to n
// generations below the focus.
func (k *kinGraph) descend(from string, lv, n int, keep map[string]bool) {
	type node struct {
		id string
		lv int
	}
	stack := []node{{from, lv}}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if v.lv-1 < -n {
			continue
		}
		for _, c := range k.children[v.id] {
			if !keep[c] {
				keep[c] = true
				stack = append(stack, node{c, v.lv - 1})
			}
		}
	}
}

// addPartners marks the partners of everyone kept so far.
func (k *kinGraph) addPartners(keep map[string]bool) {
	blood := make([]string, 0, len(keep))
	for id := range keep {
		blood = append(blood, id)
	}
	for _, id := range blood {
		for _, p := range k.partners[id] {
			keep[p] = true
		}
	}
}

// addStepchildren marks the children of the ancestors' partners.
func (k *kinGraph) addStepchildren(ancestors []string, keep map[string]bool) {
	for _, a := range ancestors {
		for _, p := range k.partners[a] {
			for _, c := range k.children[p] {
				keep[c] = true
			}
		}
	}
}
