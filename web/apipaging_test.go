package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// TestAPICaseListPages: GET /api/v1/cases returns at most limit cases and a
// next_cursor; following the cursors yields every case once, in the order
// they were made; a bad limit or cursor is 422.
func TestAPICaseListPages(t *testing.T) {
	e := newEnv(t)
	c := e.login("hulpverlener@demo.test")
	for i := range 5 {
		res := e.api(c, http.MethodPost, "/api/v1/cases", fmt.Sprintf(`{"title":"Kind %d (9)","reason":"test"}`, i))
		if res.StatusCode != http.StatusCreated {
			t.Fatalf("create case: %d", res.StatusCode)
		}
	}
	type page struct {
		Cases []struct {
			ID int64 `json:"id"`
		} `json:"cases"`
		NextCursor string `json:"next_cursor"`
	}
	get := func(q string) (int, page) {
		res, body := e.get(c, "/api/v1/cases"+q)
		var p page
		_ = json.Unmarshal([]byte(body), &p)
		return res.StatusCode, p
	}
	code, all := get("")
	if code != 200 || len(all.Cases) < 6 || all.NextCursor != "" {
		t.Fatalf("whole list: %d, %d cases, cursor %q", code, len(all.Cases), all.NextCursor)
	}
	var ids []int64
	pages := 0
	for q := "?limit=2"; ; {
		code, p := get(q)
		if code != 200 || len(p.Cases) > 2 {
			t.Fatalf("page %q: %d, %d cases", q, code, len(p.Cases))
		}
		pages++
		for _, c := range p.Cases {
			ids = append(ids, c.ID)
		}
		if p.NextCursor == "" {
			break
		}
		q = "?limit=2&cursor=" + p.NextCursor
	}
	if len(ids) != len(all.Cases) || pages != (len(all.Cases)+1)/2 {
		t.Errorf("paged %d cases in %d pages, want %d", len(ids), pages, len(all.Cases))
	}
	for i := 1; i < len(ids); i++ {
		if ids[i] <= ids[i-1] {
			t.Errorf("cases not in order of making, or repeated: %v", ids)
		}
	}
	for _, q := range []string{"?limit=0", "?limit=501", "?limit=x", "?cursor=nonsense", "?cursor=-1"} {
		if code, _ := get(q); code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", q, code)
		}
	}
}
