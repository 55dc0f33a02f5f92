package timeline

// Message returns the rejection in lang ("en" or Dutch).
func (r RowError) Message(lang string) string { return pick(lang == "en", r.NL, r.EN) }

// Message returns the warning in lang ("en" or Dutch).
func (w Warning) Message(lang string) string { return pick(lang == "en", w.NL, w.EN) }
