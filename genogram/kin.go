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
	parts := make(map[string]*Partnership, len(g.Partnerships))
	for i := range g.Partnerships {
		parts[g.Partnerships[i].ID] = &g.Partnerships[i]
	}
	parents := make(map[string][]string)
	children := make(map[string][]string)
	link := func(p, c string) {
		if p == "" || p == c {
			return
		}
		parents[c] = append(parents[c], p)
		children[p] = append(children[p], c)
	}
	for _, pc := range g.Children {
		a, b := parentsOf(pc, parts)
		link(a, pc.Child)
		link(b, pc.Child)
	}
	partners := make(map[string][]string)
	for _, pt := range g.Partnerships {
		if pt.A != "" && pt.B != "" && pt.A != pt.B {
			partners[pt.A] = append(partners[pt.A], pt.B)
			partners[pt.B] = append(partners[pt.B], pt.A)
		}
	}
	for _, ps := range parents { // the other parent of a child counts as a partner
		for _, a := range ps {
			for _, b := range ps {
				if a != b {
					partners[a] = append(partners[a], b)
				}
			}
		}
	}

	keep := map[string]bool{focus: true}
	// level: generations above the focus (negative below)
	level := map[string]int{focus: 0}
	ancestors := []string{focus}
	for frontier, up := []string{focus}, 1; up <= n && len(frontier) > 0; up++ {
		var next []string
		for _, v := range frontier {
			for _, p := range parents[v] {
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
	// descendants of every ancestor, down to n generations below the focus
	down := func(from string, lv int) {
		stack := []struct {
			id string
			lv int
		}{{from, lv}}
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if v.lv-1 < -n {
				continue
			}
			for _, c := range children[v.id] {
				if !keep[c] {
					keep[c] = true
					stack = append(stack, struct {
						id string
						lv int
					}{c, v.lv - 1})
				}
			}
		}
	}
	for _, a := range ancestors {
		down(a, level[a])
	}
	blood := make([]string, 0, len(keep))
	for id := range keep {
		blood = append(blood, id)
	}
	for _, id := range blood {
		for _, p := range partners[id] {
			keep[p] = true
		}
	}
	// the stepchildren of the ancestors: children of an ancestor's partner
	for _, a := range ancestors {
		if n == 0 {
			break
		}
		for _, p := range partners[a] {
			for _, c := range children[p] {
				keep[c] = true
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
