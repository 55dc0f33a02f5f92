package timeline

import "github.com/rotonde-jeugd/rotonde/i18n"

// Words says a tag in plain words for readers who do not use the kenmerken
// notation (family members, young people): "Hulp begint: opvoedondersteuning"
// instead of "start=opvoedondersteuning".
func (t Tag) Words(lang string) string {
	key, ok := tagWords[t.Category]
	if !ok {
		return t.String()
	}
	s := i18n.Default().T(lang, key)
	if t.Value != "" {
		s += ": " + t.Value
	}
	return s
}

// tagWords are the catalogue keys of the categories in words.
var tagWords = map[Category]string{
	CatMove:      "timeline.tag.plaatsing",
	CatTemporary: "timeline.tag.tijdelijk",
	CatClosed:    "timeline.tag.gesloten",
	CatMeasure:   "timeline.tag.maatregel",
	CatWaiting:   "timeline.tag.wachtlijst",
	CatStart:     "timeline.tag.start",
	CatEnd:       "timeline.tag.einde",
}
