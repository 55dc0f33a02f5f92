package timeline

// Message returns the rejection in lang ("en" or Dutch).
func (r RowError) Message(lang string) string { return r.Text.Message(lang) }

// Message returns the warning in lang ("en" or Dutch).
func (w Warning) Message(lang string) string { return w.Text.Message(lang) }
