package demo

import "github.com/rotonde-jeugd/rotonde/genogram"

// Stepfamily returns an invented three-generation stepfamily around
// "Noor (15)" for demos and documentation: grandparents on both sides (one
// deceased, as on the timeline: opa (vz) in 2019, opa (mz) in 2021),
// divorced parents who each have a new partner, half-siblings, a
// stepbrother, the foster family Noor lived with in 2020, the group where
// she lives now (her household, outlined), a handful of ties and eight
// professionals from different organisations. NoorTimeline tells the
// same story.
func Stepfamily() *genogram.Genogram {
	g := &genogram.Genogram{
		Persons: stepfamilyPersons(),
		Partnerships: []genogram.Partnership{
			{ID: "p-gv", A: "opa-v", B: "oma-v", Kind: genogram.Married, StartYear: 1976},
			{ID: "p-gm", A: "opa-m", B: "oma-m", Kind: genogram.Married, StartYear: 1977},
			{ID: "p-ouders", A: "vader", B: "moeder", Kind: genogram.Divorced, StartYear: 2006, EndYear: 2016},
			{ID: "p-vader", A: "vader", B: "sandra", Kind: genogram.LivingTogether, StartYear: 2018},
			{ID: "p-moeder", A: "stiefvader", B: "moeder", Kind: genogram.Married, StartYear: 2019},
			{ID: "p-pleeg", A: "pleegvader", B: "pleegmoeder", Kind: genogram.Married, StartYear: 1998},
		},
		Children: []genogram.ParentChild{
			{Child: "vader", Partnership: "p-gv"},
			{Child: "tante", Partnership: "p-gv"},
			{Child: "oom", Partnership: "p-gm"},
			{Child: "moeder", Partnership: "p-gm"},
			{Child: "noor", Partnership: "p-ouders"},
			{Child: "daan", Partnership: "p-ouders"},
			{Child: "lieke", Partnership: "p-vader"},
			{Child: "sem", Partnership: "p-moeder"},
			{Child: "milan", Parent1: "stiefvader"},
			{Child: "milan", Parent1: "moeder", Kind: genogram.Step},
			{Child: "jesse", Partnership: "p-pleeg"},
			{Child: "noor", Partnership: "p-pleeg", Kind: genogram.Foster},
		},
		Ties: []genogram.Tie{
			{A: "noor", B: "moeder", Kind: genogram.TieConflict},
			{A: "noor", B: "vader", Kind: genogram.TieCutoff},
			{A: "vader", B: "moeder", Kind: genogram.TieHostile},
			{A: "noor", B: "oma-m", Kind: genogram.TieClose},
			{A: "noor", B: "daan", Kind: genogram.TieClose},
			{A: "oma-m", B: "sem", Kind: genogram.TieInformalCare, Note: "past op"},
			{A: "noor", B: "pleegmoeder", Kind: genogram.TieClose},
			{A: "vader", B: "tante", Kind: genogram.TieDistant},
			{A: "moeder", B: "oma-m", Kind: genogram.TieFused},
			// professionals: do they repeat the family's patterns?
			{A: "jb", B: "moeder", Kind: genogram.TieConflict},
			{A: "jb", B: "ggz", Kind: genogram.TieConflict},
			{A: "wijk", B: "vader", Kind: genogram.TieClose},
			{A: "wijk", B: "jb", Kind: genogram.TieCutoff},
			{A: "pz", B: "pleegmoeder", Kind: genogram.TieClose},
			{A: "mentor", B: "noor", Kind: genogram.TieClose},
			{A: "ggz", B: "noor", Kind: genogram.TieDistant},
			{A: "ha", B: "moeder", Kind: genogram.TieClose},
			{A: "adv", B: "jb", Kind: genogram.TieHostile},
			{A: "lpa", B: "mentor", Kind: genogram.TieClose},
		},
		Events: []genogram.LifeEvent{
			{Person: "opa-v", Year: 2019, Kind: genogram.EventDeath},
			{Person: "opa-m", Year: 2021, Kind: genogram.EventDeath},
			{Person: "vader", Year: 2016, Kind: genogram.EventBreakup},
			{Person: "noor", Year: 2020, Kind: genogram.EventMove, Note: "naar het pleeggezin, in oktober naar de crisisopvang"},
			{Person: "noor", Year: 2024, Kind: genogram.EventMove, Note: "naar een leefgroep"},
			{Person: "moeder", Year: 2019, Kind: genogram.EventMove},
		},
		Households: []genogram.Household{
			{ID: "h-groep", Label: "leefgroep (Noor woont hier sinds 2024)", Members: []string{"noor"}, Index: true},
			{ID: "h-pleeg", Label: "pleeggezin (Noor woonde hier in 2020)", Members: []string{"pleegvader", "pleegmoeder", "jesse"}},
			{ID: "h-moeder", Label: "huishouden moeder", Members: []string{"moeder", "stiefvader", "daan", "sem", "milan"}},
		},
	}
	return g
}

// Year is the year the demo case is set in: the ages in the aliases
// ("Noor (15)") are Year minus the birth year.
const Year = 2026

// stepfamilyPersons returns the family members and professionals of
// Stepfamily.
func stepfamilyPersons() []genogram.Person {
	p := func(id, alias string, sex genogram.Sex, birth int) genogram.Person {
		return genogram.Person{ID: id, Alias: alias, Sex: sex, BirthYear: birth}
	}
	pro := func(id, alias, org string) genogram.Person {
		return genogram.Person{ID: id, Alias: alias, Professional: true, Organisation: org, Sex: genogram.SexUnknown}
	}
	opaV := p("opa-v", "opa (vz)", genogram.SexMale, 1952)
	opaV.DeathYear = 2019
	opaM := p("opa-m", "opa (mz)", genogram.SexMale, 1950)
	opaM.DeathYear = 2021
	noor := p("noor", "Noor (15)", genogram.SexFemale, 2011)
	noor.Index = true
	return []genogram.Person{
		opaV,
		p("oma-v", "oma (vz)", genogram.SexFemale, 1955),
		opaM,
		p("oma-m", "oma (mz)", genogram.SexFemale, 1954),
		p("tante", "tante Ilse", genogram.SexFemale, 1983),
		p("vader", "vader", genogram.SexMale, 1980),
		p("sandra", "Sandra", genogram.SexFemale, 1988),
		p("moeder", "moeder", genogram.SexFemale, 1982),
		p("stiefvader", "stiefvader", genogram.SexMale, 1978),
		p("oom", "oom Rik", genogram.SexMale, 1979),
		p("pleegvader", "pleegvader", genogram.SexMale, 1970),
		p("pleegmoeder", "pleegmoeder", genogram.SexFemale, 1972),
		noor,
		p("daan", "Daan (12)", genogram.SexMale, 2014),
		p("lieke", "Lieke (5)", genogram.SexFemale, 2021),
		p("sem", "Sem (3)", genogram.SexMale, 2023),
		p("milan", "Milan (17)", genogram.SexMale, 2009),
		p("jesse", "Jesse (19)", genogram.SexOther, 2007),

		pro("jb", "jeugdbeschermer", "Jeugdbescherming"),
		pro("wijk", "wijkteam-medewerker", "Wijkteam Noord"),
		pro("ggz", "behandelaar", "GGZ jeugd"),
		pro("mentor", "mentor", "School (vo)"),
		pro("pz", "pleegzorgwerker", "Pleegzorg"),
		pro("ha", "huisarts", "Huisartspraktijk"),
		pro("lpa", "leerplichtambtenaar", "Gemeente"),
		pro("adv", "advocaat vader", "Advocatuur"),
	}
}

// ForceField is an invented force field around Noor's stalled case.
func ForceField() *genogram.ForceField {
	return &genogram.ForceField{
		Goal: "Noor (15) krijgt een vaste woonplek waar ze mag blijven en gaat weer naar school",
		Stakeholders: []genogram.Stakeholder{
			{ID: "noor", Name: "Noor (15)", Role: "jongere", Influence: 4, Stance: genogram.StronglySupportive},
			{ID: "pleeg", Name: "oud-pleegouders", Role: "pleeggezin in 2020", Influence: 2, Stance: genogram.Supportive, Note: "houden contact met Noor"},
			{ID: "moeder", Name: "moeder", Role: "ouder met gezag", Influence: 4, Stance: genogram.Opposed, Note: "wil Noor thuis, niet op een nieuwe plek"},
			{ID: "vader", Name: "vader", Role: "ouder", Influence: 2, Stance: genogram.Neutral},
			{ID: "jb", Name: "jeugdbescherming", Role: "gezinsvoogd", Influence: 5, Stance: genogram.Neutral},
			{ID: "ggz", Name: "GGZ jeugd", Role: "behandelaar", Influence: 3, Stance: genogram.Opposed, Note: "wachtlijst"},
			{ID: "school", Name: "school", Role: "mentor", Influence: 3, Stance: genogram.Supportive},
			{ID: "gemeente", Name: "gemeente", Role: "beleid en financiering", Influence: 3, Stance: genogram.StronglyOpposed, Note: "budgetplafond"},
			{ID: "wijk", Name: "wijkteam", Role: "gezinscoach", Influence: 2, Stance: genogram.Supportive},
		},
		Ties: []genogram.Tie{
			{A: "moeder", B: "jb", Kind: genogram.TieConflict},
			{A: "ggz", B: "jb", Kind: genogram.TieDistant},
			{A: "noor", B: "pleeg", Kind: genogram.TieClose},
			{A: "school", B: "wijk", Kind: genogram.TieClose},
			{A: "gemeente", B: "ggz", Kind: genogram.TieCutoff},
		},
	}
}
