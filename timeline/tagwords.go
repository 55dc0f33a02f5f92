package timeline

// Words says a tag in plain words for readers who do not use the kenmerken
// notation (family members, young people): "Hulp begint: opvoedondersteuning"
// instead of "start=opvoedondersteuning".
func (t Tag) Words(lang string) string {
	w, ok := tagWords[t.Category]
	if !ok {
		return t.String()
	}
	s := w.nl
	if lang == "en" {
		s = w.en
	}
	if t.Value != "" {
		s += ": " + t.Value
	}
	return s
}

var tagWords = map[Category]struct{ nl, en string }{
	CatMove:      {"Nieuwe woonplek", "New place to live"},
	CatTemporary: {"Bedoeld als tijdelijk", "Meant to be temporary"},
	CatClosed:    {"Gesloten jeugdzorg", "Closed youth care"},
	CatMeasure:   {"Maatregel van de kinderrechter", "Measure by the juvenile court"},
	CatWaiting:   {"Op de wachtlijst", "On the waiting list"},
	CatStart:     {"Hulp begint", "Help starts"},
	CatEnd:       {"Hulp stopt", "Help ends"},
}
