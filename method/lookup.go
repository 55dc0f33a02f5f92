package method

// Lookups return the item with the given key and whether it exists. Hidden
// items are found too: stored meetings and placements may refer to them.

func find[T any](items []T, key string, keyOf func(*T) string) (T, bool) {
	for i := range items {
		if keyOf(&items[i]) == key {
			return items[i], true
		}
	}
	var zero T
	return zero, false
}

// Source returns the source with the given key.
func (l *Library) Source(key string) (Source, bool) {
	return find(l.Sources, key, func(s *Source) string { return s.Key })
}

// Card returns the work card with the given key.
func (l *Library) Card(key string) (Card, bool) {
	return find(l.Cards, key, func(c *Card) string { return c.Key })
}

// CardByNumber returns the work card with the given number (1–8 in the base).
func (l *Library) CardByNumber(n int) (Card, bool) {
	for _, c := range l.Cards {
		if c.Number == n {
			return c, true
		}
	}
	return Card{}, false
}

// ActiveCards returns the cards offered for new agendas, in number order.
func (l *Library) ActiveCards() []Card {
	out := make([]Card, 0, len(l.Cards))
	for _, c := range l.Cards {
		if !c.Hidden {
			out = append(out, c)
		}
	}
	sortBy(out, func(c *Card) int { return c.Number })
	return out
}

// Field returns the tension field with the given key.
func (l *Library) Field(key string) (Field, bool) {
	return find(l.Fields, key, func(f *Field) string { return f.Key })
}

// FieldsInSet returns the visible fields of a set (SetCore, SetBestuurlijk
// or an organisation's own), in number order.
func (l *Library) FieldsInSet(set string) []Field {
	var out []Field
	for _, f := range l.Fields {
		if f.Set == set && !f.Hidden {
			out = append(out, f)
		}
	}
	sortBy(out, func(f *Field) int { return f.Number })
	return out
}

// FieldSets returns the distinct set names in first-seen order.
func (l *Library) FieldSets() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range l.Fields {
		if !seen[f.Set] {
			seen[f.Set] = true
			out = append(out, f.Set)
		}
	}
	return out
}

// CycleStep returns the learning-cycle step with the given key.
func (l *Library) CycleStep(key string) (CycleStep, bool) {
	return find(l.Cycle.Steps, key, func(s *CycleStep) string { return s.Key })
}

// Phase returns the phase with the given key.
func (l *Library) Phase(key string) (Phase, bool) {
	return find(l.Phases, key, func(p *Phase) string { return p.Key })
}

// Verb returns the verb with the given key.
func (l *Library) Verb(key string) (Verb, bool) {
	return find(l.Verbs, key, func(v *Verb) string { return v.Key })
}

// Order returns the order of learning with the given key.
func (l *Library) Order(key string) (Order, bool) {
	return find(l.Orders, key, func(o *Order) string { return o.Key })
}

// Level returns the level of insight with the given key.
func (l *Library) Level(key string) (Level, bool) {
	return find(l.Levels, key, func(x *Level) string { return x.Key })
}

// SuccessComponent returns the success component with the given key.
func (l *Library) SuccessComponent(key string) (Component, bool) {
	return find(l.SuccessComponents, key, func(c *Component) string { return c.Key })
}

// Emotion returns the emotion card with the given key.
func (l *Library) Emotion(key string) (Emotion, bool) {
	return find(l.Emotions, key, func(e *Emotion) string { return e.Key })
}

// DreamQuestion returns a child or professional dream question by key.
func (l *Library) DreamQuestion(key string) (Question, bool) {
	if q, ok := find(l.Dream.Child, key, func(q *Question) string { return q.Key }); ok {
		return q, true
	}
	return find(l.Dream.Professional, key, func(q *Question) string { return q.Key })
}

// sortBy is a stable insertion sort; the lists hold a handful of items.
func sortBy[T any](items []T, by func(*T) int) {
	for i := 1; i < len(items); i++ {
		for j := i; j > 0 && by(&items[j]) < by(&items[j-1]); j-- {
			items[j], items[j-1] = items[j-1], items[j]
		}
	}
}
