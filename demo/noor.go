package demo

import (
	"fmt"
	"strings"

	"github.com/rotonde-jeugd/rotonde/timeline"
)

// NoorTimeline returns an invented history of "Noor (15)", born in 2011, as a
// case brought in early 2026: more than sixty events from 2018 on, dozens of
// helpers from many organisations, a carousel of placements, parallel and
// repeated help, escalation to closed care, waiting, a year without
// information and, lately, little of the family's own voice. Every person
// and organisation is made up. Each call returns a fresh slice.
func NoorTimeline() []timeline.Event {
	rows := noorRows()
	events := make([]timeline.Event, 0, len(rows))
	for i, r := range rows {
		d, ok := timeline.ParseDate(r.date)
		if !ok {
			panic("demo: bad timeline date " + r.date) // static data; a test guards it
		}
		k := timeline.Kind(r.kind)
		tags, _ := timeline.ParseTags(r.tags)
		events = append(events, timeline.Event{
			ID:            fmt.Sprintf("noor-%02d", i+1),
			Date:          d,
			Kind:          k,
			Lane:          k.DefaultLane(),
			Source:        timeline.Source(r.src),
			Description:   r.desc,
			Persons:       splitList(r.persons),
			Organisations: splitList(r.orgs),
			Helpers:       splitList(r.helpers),
			Tags:          tags,
		})
	}
	// A few events carry the feelings and assumptions work card 3 asks to
	// keep apart from the facts.
	for i := range events {
		switch events[i].ID {
		case "noor-20":
			events[i].Emotions = "moeder: machteloos, boos"
			events[i].Assumptions = "'Bij moeder is het niet veilig genoeg' (niet onderzocht met moeder)"
		case "noor-30":
			events[i].Opinions = "groep: 'Noor heeft meer structuur nodig dan wij kunnen bieden'"
		case "noor-43":
			events[i].Interpretations = "gesloten plaatsing gezien als 'laatste redmiddel'"
			events[i].Emotions = "jeugdbeschermer: angst dat het misgaat"
		}
	}
	timeline.Sort(events)
	return events
}

// noorRow is one event of NoorTimeline as it would stand in an imported file.
type noorRow struct {
	date, kind, src, desc, persons, orgs, helpers, tags string
}

// noorRows is the history of NoorTimeline: data, one row per event, long on
// purpose.
func noorRows() []noorRow {
	const (
		noor    = "Noor (15)"
		mother  = "moeder"
		father  = "vader"
		brother = "Daan (12)"
		gran    = "oma (mz)"
		granpa  = "opa (mz)"
		granpaV = "opa (vz)"

		wijk   = "Wijkteam Lindeveld-Noord"
		linde  = "Basisschool De Linde"
		baken  = "Het Baken College"
		ha     = "Huisartsenpraktijk De Brink"
		ggz    = "GGZ Horizon"
		ggz2   = "GGZ Jong Lindeveld"
		anker  = "Gezinsbehandeling Het Anker"
		vt     = "Veilig Thuis"
		raad   = "Raad voor de Kinderbescherming"
		court  = "Rechtbank"
		jb     = "Jeugdbescherming Vallei en Heuvels"
		pleeg  = "Pleegzorg De Overstap"
		crisis = "Crisisopvang De Haven"
		boog   = "De Boog (residentiële jeugdhulp)"
		gem    = "Gemeente Lindeveld"
		vaart  = "JeugdzorgPlus De Vaart"
		linhof = "Gezinshuis Het Lindehof"
	)
	return []noorRow{
		{"2018-02", "gebeurtenis", "dossier", "Ouders gaan uit elkaar; Noor en haar broertje blijven bij moeder", noor + ";" + mother + ";" + father + ";" + brother, "", "", ""},
		{"2018-03-12", "beslismoment", "dossier", "Wijkteam start opvoedondersteuning bij moeder", mother, wijk, "wijkcoach Sanne", "start=opvoedondersteuning"},
		{"2018-05-04", "contact", "professional", "Wijkteam en basisschool stemmen af over schoolverzuim van Noor", noor, wijk + ";" + linde, "wijkcoach Sanne;intern begeleider Wim", ""},
		{"2018-06", "behoefte", "gezinslid", "Moeder: 'Ik heb iemand nodig die met me meedenkt, niet nog een formulier.'", mother, "", "", ""},
		{"2018-09-20", "beslismoment", "dossier", "Huisarts verwijst Noor naar de GGZ voor onderzoek naar angst en somberheid", noor + ";" + mother, ha, "huisarts Fatima", ""},
		{"2018-10-01", "beslismoment", "dossier", "Aanmelding bij de GGZ; Noor komt op de wachtlijst", noor, ggz, "intaker Mehmet", "wachtlijst=GGZ-behandeling"},
		{"ca. 2018", "beleving", "gezinslid", "Noor: 'Niemand vraagt wat ik zelf wil.'", noor, "", "", ""},
		{"2018-12-10", "contact", "professional", "Huisbezoek wijkteam: moeder uitgeput, oma springt bij", mother + ";" + gran, wijk, "wijkcoach Sanne", ""},
		{"2019-03-18", "beslismoment", "dossier", "Start GGZ-behandeling voor Noor (angst, trauma)", noor, ggz, "behandelaar Eline", "start=GGZ-behandeling"},
		{"2019-04-02", "beslismoment", "dossier", "Start ambulante gezinsbehandeling thuis", noor + ";" + mother + ";" + brother, anker, "gezinsbehandelaar Koen", "start=gezinsbehandeling"},
		{"2019-05", "gebeurtenis", "gezinslid", "Noor loopt een nacht weg na ruzie met moeder", noor + ";" + mother, "", "", ""},
		{"2019-06-14", "contact", "dossier", "Veilig Thuis ontvangt een melding van de basisschool", noor, vt + ";" + linde, "intern begeleider Wim;medewerker Veilig Thuis Iris", ""},
		{"2019-07-01", "beslismoment", "dossier", "Opvoedondersteuning door het wijkteam afgesloten", mother, wijk, "wijkcoach Sanne", "einde=opvoedondersteuning"},
		{"2019-08-22", "beslismoment", "dossier", "Raad voor de Kinderbescherming start een onderzoek", noor + ";" + mother + ";" + father, raad, "raadsonderzoeker Bram", ""},
		// At 12, from the gezinshuis; the row keeps its place, as the event ids count the rows.
		{"2023-11-27", "gebeurtenis", "dossier", "Noor begint op de middelbare school", noor, baken, "", ""},
		{"2019-10-15", "behoefte", "gezinslid", "Vader: 'Ik wil Noor vaker zien, maar niemand betrekt mij.'", father, "", "", ""},
		{"2019-11-28", "beslismoment", "dossier", "Kinderrechter spreekt een ondertoezichtstelling (OTS) uit", noor, court + ";" + jb, "jeugdbeschermer Marloes", "maatregel"},
		{"2019-12-05", "contact", "professional", "Kennismaking jeugdbeschermer met Noor en moeder", noor + ";" + mother, jb, "jeugdbeschermer Marloes", ""},
		{"2020-01-20", "beslismoment", "dossier", "Gezinsbehandeling voortijdig gestopt: 'geen veranderbereidheid'", mother, anker, "gezinsbehandelaar Koen", "einde=gezinsbehandeling"},
		{"2020-02-10", "beslismoment", "dossier", "Machtiging uithuisplaatsing; Noor wordt geplaatst in een pleeggezin", noor, jb + ";" + pleeg + ";" + court, "jeugdbeschermer Marloes;pleegzorgbegeleider Yara", "plaatsing=pleeggezin;maatregel"},
		{"2020-02-11", "beleving", "gezinslid", "Noor: 'Ik mocht niks meenemen en wist niet waarom.'", noor, "", "", ""},
		{"2020-03", "gebeurtenis", "dossier", "School dicht door corona; Noor mist haar vriendinnen", noor, linde, "", ""},
		{"2020-04-07", "contact", "professional", "Beeldbellen pleegzorg, GGZ en jeugdbescherming", noor, pleeg + ";" + ggz + ";" + jb, "pleegzorgbegeleider Yara;behandelaar Eline;jeugdbeschermer Marloes", ""},
		{"2020-06-15", "behoefte", "gezinslid", "Moeder: 'Ik wil weten wat ik moet doen om Noor terug te krijgen.'", mother, "", "", ""},
		{"2020-08-30", "beslismoment", "dossier", "Wisseling jeugdbeschermer: Marloes vertrekt, Thijs neemt over", noor, jb, "jeugdbeschermer Marloes;jeugdbeschermer Thijs", ""},
		{"2020-10-12", "gebeurtenis", "dossier", "Pleegouders melden dat het niet meer gaat; ruzie over de telefoon", noor + ";pleegouders", pleeg, "pleegzorgbegeleider Yara", ""},
		{"2020-10-16", "beslismoment", "dossier", "Noor gaat naar de crisisopvang", noor, crisis + ";" + jb, "crisismedewerker Anouk;jeugdbeschermer Thijs", "plaatsing=crisisopvang;tijdelijk"},
		{"2020-11-20", "beslismoment", "dossier", "GGZ-behandeling afgesloten: 'niet behandelbaar in de huidige situatie'", noor, ggz, "behandelaar Eline", "einde=GGZ-behandeling"},
		{"2020-12-01", "beslismoment", "dossier", "Overplaatsing naar een residentiële groep, als overbrugging", noor, boog + ";" + jb, "groepsleider Bas;mentor Sophie;jeugdbeschermer Thijs", "plaatsing=residentiële groep;tijdelijk"},
		{"2021-01-15", "contact", "professional", "Zorgoverleg met negen partijen; moeder niet uitgenodigd", noor, jb + ";" + boog + ";" + gem + ";" + crisis + ";" + linde, "jeugdbeschermer Thijs;groepsleider Bas;mentor Sophie;crisismedewerker Anouk;consulent Nadia;intern begeleider Wim", ""},
		{"2021-02-10", "beslismoment", "dossier", "Aanmelding voor een behandelgroep; Noor komt op de wachtlijst", noor, gem + ";" + boog, "consulent Nadia", "wachtlijst=behandelgroep"},
		{"2021-03", "beleving", "gezinslid", "Noor: 'Op de groep ben ik een dossiernummer.'", noor, "", "", ""},
		{"2021-04-22", "gebeurtenis", "dossier", "Opa (mz) overlijdt", noor + ";" + mother + ";" + granpa, "", "", ""},
		{"2021-05-03", "contact", "professional", "School en groep bespreken het schoolverzuim", noor, linde + ";" + boog, "intern begeleider Wim;groepsleider Bas", ""},
		{"2021-06-14", "beslismoment", "dossier", "Start traumabehandeling (EMDR)", noor, ggz, "behandelaar Esra", "start=traumabehandeling"},
		{"2021-06-21", "beslismoment", "dossier", "Start agressieregulatietraining op de groep", noor, boog, "trainer Wouter", "start=agressieregulatie"},
		{"2021-07-05", "beslismoment", "dossier", "Plek vrij: Noor verhuist naar de behandelgroep", noor, boog, "groepsleider Bas", "plaatsing=behandelgroep"},
		{"2021-09", "behoefte", "gezinslid", "Noor: 'Ik wil gewoon naar een normale school en bij mijn broertje zijn.'", noor + ";" + brother, "", "", ""},
		{"2021-10-18", "beslismoment", "dossier", "Wisseling jeugdbeschermer: Thijs vertrekt, Fleur neemt over", noor, jb, "jeugdbeschermer Thijs;jeugdbeschermer Fleur", ""},
		{"2021-11-30", "beslismoment", "dossier", "Traumabehandeling gestopt na wegloopincidenten", noor, ggz, "behandelaar Esra", "einde=traumabehandeling"},
		{"2021-12", "gebeurtenis", "dossier", "Noor loopt meerdere keren weg van de groep", noor, boog, "", ""},
		{"2022-01-24", "beslismoment", "dossier", "Jeugdbescherming vraagt een machtiging gesloten jeugdzorg aan", noor, jb, "jeugdbeschermer Fleur", "gesloten"},
		{"2022-02-03", "beslismoment", "dossier", "Machtiging verleend; plaatsing in JeugdzorgPlus", noor, court + ";" + vaart, "groepsleider Hanna;gedragswetenschapper Jasper;jeugdbeschermer Fleur", "plaatsing=gesloten jeugdzorg;gesloten"},
		{"2022-02-05", "beleving", "gezinslid", "Noor: 'Ze sluiten me op omdat ze niet weten wat ze anders moeten.'", noor, "", "", ""},
		{"2022-03-15", "contact", "professional", "Moeder bezoekt Noor in De Vaart, voor het eerst in maanden", noor + ";" + mother, vaart, "groepsleider Hanna", ""},
		{"2022-05-02", "beslismoment", "dossier", "Agressieregulatietraining afgesloten", noor, boog, "trainer Wouter", "einde=agressieregulatie"},
		{"2022-06-20", "beslismoment", "dossier", "Start gezinsbehandeling, opnieuw, nu vanuit De Vaart", noor + ";" + mother, vaart, "gezinstherapeut Sem", "start=gezinsbehandeling"},
		{"2022-08-01", "beslismoment", "dossier", "Machtiging gesloten jeugdzorg verlengd", noor, court + ";" + jb, "jeugdbeschermer Fleur", "gesloten"},
		{"2022-09", "gebeurtenis", "dossier", "Vader verhuist naar een andere stad", father, "", "", ""},
		{"2022-10-10", "beslismoment", "dossier", "Overplaatsing naar een open groep, tijdelijk, in afwachting van een gezinshuis", noor, boog + ";" + jb, "groepsleider Bas;jeugdbeschermer Fleur", "plaatsing=residentiële groep;tijdelijk;wachtlijst=gezinshuis"},
		{"2023-11", "beslismoment", "dossier", "Noor woont in een gezinshuis (datum van verhuizing niet in het dossier)", noor, linhof, "gezinshuisouder Anna", "plaatsing=gezinshuis"},
		{"2023-11-20", "contact", "professional", "Nieuwe jeugdbeschermer Gijs stelt zich voor", noor, jb, "jeugdbeschermer Gijs", ""},
		{"2023-12-04", "beslismoment", "dossier", "Gezinsbehandeling afgesloten bij de overdracht", noor + ";" + mother, vaart, "gezinstherapeut Sem", "einde=gezinsbehandeling"},
		{"2024-01-15", "beslismoment", "dossier", "Start traumabehandeling, opnieuw, bij een andere GGZ-aanbieder", noor, ggz2, "behandelaar Lotte", "start=traumabehandeling"},
		{"2024-02-12", "contact", "professional", "School meldt langdurig verzuim; leerplichtambtenaar betrokken", noor, baken + ";" + gem, "mentor school Ruben;leerplichtambtenaar Omar", ""},
		{"2024-03-08", "beleving", "gezinslid", "Noor: 'In het gezinshuis mag ik eindelijk mezelf zijn.'", noor, "", "", ""},
		{"2024-05-21", "gebeurtenis", "dossier", "Conflict in het gezinshuis; politie ingeschakeld", noor, linhof, "gezinshuisouder Anna", ""},
		{"2024-05-24", "beslismoment", "dossier", "Noor gaat opnieuw naar de crisisopvang", noor, crisis + ";" + jb, "crisismedewerker Bilal;jeugdbeschermer Gijs", "plaatsing=crisisopvang;tijdelijk"},
		{"2024-06-10", "beslismoment", "dossier", "Multidisciplinair overleg bespreekt een nieuwe aanvraag voor JeugdzorgPlus", noor, jb + ";" + crisis + ";" + ggz2, "jeugdbeschermer Gijs;crisismedewerker Bilal;behandelaar Lotte;gedragswetenschapper Jasper", "gesloten"},
		{"2024-06-28", "beslismoment", "dossier", "Overplaatsing naar een residentiële groep, tijdelijk, wachtlijst kamertraining", noor, boog, "groepsleider Bas", "plaatsing=residentiële groep;tijdelijk;wachtlijst=kamertraining"},
		{"2024-09-16", "contact", "professional", "Zorgoverleg met twaalf professionals; Noor en moeder niet aanwezig", noor, jb + ";" + boog + ";" + ggz2 + ";" + baken + ";" + gem + ";" + wijk, "jeugdbeschermer Gijs;groepsleider Bas;behandelaar Lotte;mentor school Ruben;leerplichtambtenaar Omar;wijkcoach Sanne;consulent Nadia", ""},
		{"2024-11-04", "beslismoment", "dossier", "Traumabehandeling gestopt: Noor komt niet meer", noor, ggz2, "behandelaar Lotte", "einde=traumabehandeling"},
		{"2025-01-20", "beslismoment", "dossier", "Wisseling jeugdbeschermer: Gijs vertrekt, Karim neemt over", noor, jb, "jeugdbeschermer Gijs;jeugdbeschermer Karim", ""},
		{"2025-03-03", "beslismoment", "dossier", "Start intensieve ambulante gezinsbegeleiding richting terugkeer naar moeder", noor + ";" + mother, wijk, "gezinsbegeleider Tim", "start=IAG"},
		{"2025-04-15", "contact", "professional", "Wijkteam en jeugdbescherming overleggen over wonen na je achttiende", noor, wijk + ";" + jb, "wijkcoach Sanne;jeugdbeschermer Karim", ""},
		{"2025-06-30", "beslismoment", "dossier", "Wachtlijst kamertraining: plek pas over een jaar", noor, gem, "consulent Nadia", "wachtlijst=kamertraining"},
		{"2025-09-08", "beslismoment", "dossier", "Verzoek tot verlenging van de machtiging uithuisplaatsing", noor, jb + ";" + court, "jeugdbeschermer Karim", "maatregel"},
		{"2025-10-20", "contact", "professional", "Casus ingebracht voor een leerbijeenkomst: 'we zitten vast'", noor, jb + ";" + wijk + ";" + gem, "jeugdbeschermer Karim;wijkcoach Sanne;beleidsmedewerker Kim", ""},
		{"2026-01-12", "beslismoment", "dossier", "Zorgoverleg besluit tot een nieuw onderzoek naar een passende plek", noor, jb + ";" + boog, "jeugdbeschermer Karim;groepsleider Bas;gedragswetenschapper Jasper", ""},
		{"2019-02", "gebeurtenis", "gezinslid", "Opa (vz) overlijdt", noor + ";" + father + ";" + granpaV, "", "", ""},
	}
}

// splitList splits a ';'-separated list of names, as in an imported file.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ";")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
