package main

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// The texts are sentences as professionals write them in a case: a
// template with slots, each slot filled from a list whose first entries
// are the most used (pick favours the start of a list), so that some words
// are in a third of all texts and others in a few hundred. Invented first
// names and family names make the long tail of rare words.
var templates = []string{
	"{wie} vertelde in het gesprek met de {prof} dat {zorg}.",
	"Afgesproken dat de {prof} {actie} voor {tijd}.",
	"{naam} is {gevoel} sinds {gebeurtenis}.",
	"In het overleg met {org} is besproken dat {zorg}.",
	"De {prof} maakt zich zorgen over {onderwerp} van {naam}.",
	"{wie} wil graag dat {naam} weer naar {plek} gaat.",
	"Er is een {maatregel} aangevraagd, de wachtlijst is {tijd}.",
	"{naam} zegt dat {wie} {gevoel} is over {onderwerp}.",
	"Volgende stap: {actie}; {prof} en {wie} nemen dit samen op.",
	"Bij het huisbezoek bleek dat {zorg}.",
	"{org} heeft een melding gedaan over {onderwerp}.",
	"Het plan is bijgesteld: {actie} in plaats van {maatregel}.",
	"Terugblik: {gebeurtenis} heeft {naam} veel gedaan.",
	"{wie} en {wie2} zijn het oneens over {onderwerp}.",
	"De {prof} en de {prof2} stemmen af over {onderwerp} en {onderwerp2}.",
	"{naam} heeft {tijd} niet geslapen door {onderwerp}.",
	"Het netwerk rond {naam}: {wie}, {wie2} en de {prof}.",
	"Inzicht uit de leerbijeenkomst: {inzicht}.",
	"Dilemma: {actie} of eerst {actie2}?",
	"Belemmering bij {org}: {belemmering}.",
}

var slots = map[string][]string{
	"wie":         strings.Split("moeder|vader|oma|opa|de pleegmoeder|de stiefvader|tante|oom|de oudere broer|de zus|de buurvrouw|de voetbaltrainer|de vriendin van moeder|de nieuwe partner van vader", "|"),
	"prof":        strings.Split("jeugdhulpverlener|gezinsvoogd|wijkteammedewerker|mentor|huisarts|praktijkondersteuner|jeugdbeschermer|leerplichtambtenaar|schoolmaatschappelijk werker|psycholoog|casusregisseur|jeugdarts|gedragswetenschapper|ambulant hulpverlener|pleegzorgbegeleider", "|"),
	"zorg":        strings.Split("er veel ruzie is thuis|de schuldenlast groeit|het kind vaak te laat op school komt|er sprake is van huiselijk geweld|moeder weinig steun heeft|vader zijn werk kwijt is|de woning te klein is voor het gezin|er zorgen zijn over verwaarlozing|het schoolverzuim oploopt|de kinderen veel alleen thuis zijn|er middelengebruik is in het gezin|de omgangsregeling niet werkt|het gezin dakloos dreigt te raken|de ondertoezichtstelling wordt verlengd|een uithuisplaatsing dreigt", "|"),
	"actie":       strings.Split("een gezinsgesprek plant|contact opneemt met school|een afspraak maakt bij de huisarts|het veiligheidsplan bijwerkt|de schuldhulpverlening inschakelt|een netwerkberaad organiseert|de indicatie aanvraagt|een time-out regelt|de omgangsregeling bespreekt|een verwijzing naar de ggz regelt|met de rechter overlegt|een pleeggezin zoekt", "|"),
	"actie2":      strings.Split("met de ouders praten|het netwerk vragen|de school betrekken|wachten op de indicatie|een crisisopname overwegen|de raad inschakelen", "|"),
	"tijd":        strings.Split("volgende week|binnen twee weken|voor de zomervakantie|deze maand|drie maanden|een half jaar|morgen|na de kerstvakantie", "|"),
	"gevoel":      strings.Split("boos|verdrietig|bang|opgelucht|onzeker|teleurgesteld|hoopvol|moe|gespannen|blij", "|"),
	"gebeurtenis": strings.Split("de scheiding|de verhuizing|de uithuisplaatsing|het overlijden van opa|de ruzie met school|de opname van moeder|de zitting bij de rechter|de wisseling van gezinsvoogd|de schorsing|het ongeluk", "|"),
	"org":         strings.Split("het wijkteam|Veilig Thuis|de Raad voor de Kinderbescherming|de gecertificeerde instelling|school|de ggz-aanbieder|de gemeente|de woningcorporatie|de huisartsenpraktijk|het jongerenwerk|de politie|het consultatiebureau", "|"),
	"onderwerp":   strings.Split("de veiligheid|het schoolverzuim|de financiën|de opvoeding|de hechting|het slapen|het eten|de omgang|het gamen|de vriendschappen|het middelengebruik|de woonsituatie|de gezondheid|de taal|de dagbesteding|de medicatie|de therapie|de agressie|het vertrouwen|de toekomst", "|"),
	"onderwerp2":  strings.Split("de regie|de samenwerking|het perspectief|de wachtlijst|het budget|de verwijzing", "|"),
	"plek":        strings.Split("school|de voetbalclub|het gezinshuis|de dagbehandeling|oma|de opvang|het zwembad|de bibliotheek", "|"),
	"maatregel":   strings.Split("ondertoezichtstelling|gezinshuisplaatsing|pleegzorgplaatsing|ambulante hulp|dagbehandeling|crisisopvang|jeugdreclassering|logeeropvang", "|"),
	"inzicht":     strings.Split("vroeg het netwerk betrekken werkt beter dan later|de regels van de gemeente remmen maatwerk|kinderen willen zelf gehoord worden|één vast aanspreekpunt geeft rust|wachtlijsten maken de problemen groter|samen plannen voorkomt dubbel werk", "|"),
	"belemmering": strings.Split("de wachtlijst voor specialistische hulp|het contract dekt geen nazorg|de privacyregels staan delen in de weg|er is geen budget voor maatwerk|de indicatie loopt af", "|"),
}

func init() {
	slots["wie2"], slots["prof2"] = slots["wie"], slots["prof"]
}

// pick favours the start of a list: the square of a uniform number.
func pick(rng *rand.Rand, list []string) string {
	u := rng.Float64()
	return list[int(u*u*float64(len(list)))]
}

// names are invented first names: the rare words of the texts.
func names(rng *rand.Rand, n int) []string {
	syll := strings.Fields("ka lo mi se ran del bo ten vis har mun drik pel zo ut gra fen wol ni ja")
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range 2 + rng.IntN(2) {
			b.WriteString(syll[rng.IntN(len(syll))])
		}
		s := b.String()
		out[i] = strings.ToUpper(s[:1]) + s[1:]
	}
	return out
}

// sentence fills one template.
func sentence(rng *rand.Rand, name string) string {
	t := templates[rng.IntN(len(templates))]
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		j := strings.IndexByte(t[i:], '}') + i
		b.WriteString(t[:i])
		slot := t[i+1 : j]
		if slot == "naam" {
			b.WriteString(name)
		} else {
			b.WriteString(pick(rng, slots[slot]))
		}
		t = t[j+1:]
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// text is one to four sentences about one child.
func text(rng *rand.Rand, name string) string {
	n := 1 + rng.IntN(4)
	parts := make([]string, n)
	for i := range parts {
		parts[i] = sentence(rng, name)
	}
	return strings.Join(parts, " ")
}

// queryWords are what people search for: the content words of the slots.
func queryWords() []string {
	seen := map[string]bool{}
	var out []string
	stop := map[string]bool{"de": true, "het": true, "een": true, "van": true, "met": true, "voor": true, "naar": true, "over": true,
		"en": true, "er": true, "is": true, "in": true, "op": true, "bij": true, "dat": true, "of": true, "te": true, "geen": true,
		"weer": true, "veel": true, "niet": true, "na": true, "door": true, "zijn": true, "wordt": true, "werkt": true, "dan": true, "later": true}
	for _, list := range slots {
		for _, phrase := range list {
			for _, w := range strings.Fields(phrase) {
				w = strings.ToLower(strings.Trim(w, ".,;:?"))
				if len(w) < 3 || stop[w] || seen[w] {
					continue
				}
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	slices.Sort(out)
	return out
}
