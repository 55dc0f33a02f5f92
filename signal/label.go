package signal

// Label returns the item's label in lang ("en" or Dutch).
func (it Item) Label(lang string) string {
	if lang == "en" {
		return it.LabelEN
	}
	return it.LabelNL
}
