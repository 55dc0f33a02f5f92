package web_test

import "net/url"

// searchRoutes holds the rules of search, an organisation's synonyms and the
// API that writes timeline events and insights (web/routes_search.go).
func searchRoutes() map[string]route {
	return map[string]route{
		"GET /zoeken":        {allow: loggedIn},
		"GET /api/v1/search": {allow: loggedIn},
		"GET /beheer/organisaties/{id}/synoniemen": {allow: userAdminOfA},
		"POST /beheer/organisaties/{id}/synoniemen": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"terms": {"OTS, ondertoezichtstelling"}}
		}},
		"POST /beheer/organisaties/{id}/synoniemen/verwijderen": {allow: userAdminOfA, form: func(matrixWorld) url.Values {
			return url.Values{"group": {"1"}}
		}},
		"POST /api/v1/cases/{id}/events": {allow: dreamWrite,
			json: `{"date":"2020-03","kind":"beleving","lane":"gezin","source":"gezinslid","description":"Niemand luisterde"}`},
		"POST /api/v1/cases/{id}/insights": {allow: dreamWrite, json: `{"body":"wij wachten op elkaar","level":"network"}`},
	}
}
