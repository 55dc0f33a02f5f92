package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/genogram"
)

var svgElements = regexp.MustCompile(`<(g|path|rect|text|use|a|line|circle|polyline|tspan)[\s>/]`)

// A large focused view is first drawn only around its focus person, with
// a link to the whole view; the drawing route gives the whole drawing.
func TestGenogramLargeFocusDrawsTheFirstScreenFirst(t *testing.T) {
	e, c, base, focus := largeFocus(t)
	q := "?gen=2&focus=" + url.QueryEscape(focus)

	res, page := e.get(c, base+"/genogram"+q)
	if res.StatusCode != 200 {
		t.Fatalf("genogram page %d", res.StatusCode)
	}
	link := `href="` + base + `/genogram?gen=2&amp;focus=` + focus + `&amp;alles=1">Toon de hele weergave</a>`
	if !strings.Contains(page, link) {
		t.Errorf("no link to the whole view %s", link)
	}
	if !strings.Contains(page, `data-rest="`+base+`/genogram/tekening?gen=2&amp;focus=`+focus+`"`) {
		t.Errorf("no address of the rest of the drawing for the script")
	}
	first := svgOf(t, page)
	res, whole := e.get(c, base+"/genogram"+q+"&alles=1")
	if res.StatusCode != 200 || strings.Contains(whole, "Toon de hele weergave") {
		t.Fatalf("whole view %d, or still with the link", res.StatusCode)
	}
	all := svgOf(t, whole)
	res, fragment := e.get(c, base+"/genogram/tekening"+q)
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "image/svg+xml") || strings.TrimSpace(fragment) != all {
		t.Fatalf("drawing route %d %s: not the whole view's SVG", res.StatusCode, res.Header.Get("Content-Type"))
	}
	n, m := len(svgElements.FindAllString(first, -1)), len(svgElements.FindAllString(all, -1))
	if n*4 > m {
		t.Errorf("first screen %d elements, whole view %d", n, m)
	}
	if !strings.Contains(first, `data-person-id="`+focus+`"`) {
		t.Errorf("the first screen misses the focus person")
	}
	vb := regexp.MustCompile(`viewBox="[^"]+"`)
	if vb.FindString(first) != vb.FindString(all) {
		t.Errorf("first screen %s, whole %s: not the same coordinates", vb.FindString(first), vb.FindString(all))
	}
	t.Logf("first screen %d elements (%d bytes), whole %d (%d bytes)", n, len(first), m, len(all))
}

// largeFocus gives the demo case a family of 2,000 persons (largeFamily)
// and returns the environment, a facilitator's client, the case's address
// and a person with a large family around them.
func largeFocus(t *testing.T) (*env, *http.Client, string, string) {
	e := newEnv(t)
	id := e.demoCaseID()
	c := e.login("facilitator@demo.test")
	focus, _ := e.largeFamily(id)
	return e, c, "/casussen/" + itoa(id), focus
}

// svgOf is the page's drawing.
func svgOf(t *testing.T, page string) string {
	t.Helper()
	i := strings.Index(page, `<svg xmlns="http://www.w3.org/2000/svg" class="genogram"`)
	j := strings.Index(page[max(i, 0):], "</svg>")
	if i < 0 || j < 0 {
		t.Fatal("no drawing on the page")
	}
	return page[i : i+j+len("</svg>")]
}

// largeFamily replaces the case's genogram with an invented family of
// 2,000 persons and returns a person with more than 150 kin within two
// generations, and how many.
func (e *env) largeFamily(id int64) (string, int) {
	e.t.Helper()
	ctx := context.Background()
	u := e.user("facilitator@demo.test")
	if err := e.db.Genogram.ReplaceGenogram(ctx, u, id, genogram.SyntheticFamily(2000, 1)); err != nil {
		e.t.Fatal(err)
	}
	g, _, err := e.db.Genogram.Genogram(ctx, u, id)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, p := range g.Persons {
		if k := len(g.Kin(p.ID, 2).Persons); k > 150 {
			return p.ID, k
		}
	}
	e.t.Fatal("no person with a large family around them")
	return "", 0
}

// The first window follows the width of the drawing's box that the page's
// script keeps in a cookie: twice a phone's box is a smaller window than
// twice the page's width, and a width out of bounds is clamped.
func TestGenogramFirstScreenFollowsTheScreenWidth(t *testing.T) {
	e, c, base, focus := largeFocus(t)
	page := base + "/genogram?gen=2&focus=" + url.QueryEscape(focus)
	u, _ := url.Parse(e.srv.URL)
	elements := func(width string) int {
		if width != "" {
			c.Jar.SetCookies(u, []*http.Cookie{{Name: "rotonde_screen", Value: width, Path: "/"}})
		}
		res, body := e.get(c, page)
		if res.StatusCode != 200 {
			t.Fatalf("genogram page with width %q: %d", width, res.StatusCode)
		}
		svg := svgOf(t, body)
		if !strings.Contains(svg, `data-person-id="`+focus+`"`) {
			t.Errorf("width %q: the first screen misses the focus person", width)
		}
		return len(svgElements.FindAllString(svg, -1))
	}
	wide := elements("")
	phone := elements("330")
	if phone*3 > wide*2 || phone == 0 {
		t.Errorf("first screen at 330 px %d elements, without the cookie %d", phone, wide)
	}
	for width, want := range map[string]int{"99999": wide, "984": wide, "nonsense": wide, "1": elements("320"), "-5": elements("320")} {
		if got := elements(width); got != want {
			t.Errorf("width %q: %d elements, want %d", width, got, want)
		}
	}
	t.Logf("first screen: %d elements at 330 px, %d at the page's width", phone, wide)
}
