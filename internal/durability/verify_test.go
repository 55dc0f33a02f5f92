package durability

import (
	"slices"
	"strings"
	"testing"
)

// TestVerify checks the checker: a test that cannot fail proves nothing.
func TestVerify(t *testing.T) {
	attempted := map[string]bool{"a": true, "b": true, "c": true, "d": true}
	acked := map[string]int64{"a": 1, "b": 2, "c": 0} // c: 201 seen, body cut off
	for _, tc := range []struct {
		name  string
		list  []apiCase
		want  []string // substrings, one per problem
		extra int
	}{
		{"all there", []apiCase{{ID: 1, Title: "a"}, {ID: 2, Title: "b"}, {ID: 3, Title: "c"}}, nil, 0},
		{"in-flight write committed", []apiCase{{ID: 1, Title: "a"}, {ID: 2, Title: "b"}, {ID: 3, Title: "c"}, {ID: 4, Title: "d"}}, nil, 1},
		{"acknowledged lost", []apiCase{{ID: 1, Title: "a"}, {ID: 3, Title: "c"}},
			[]string{`"b" (id 2) is lost`, "1 of 3 acknowledged cases lost"}, 0},
		{"lost with unknown id", []apiCase{{ID: 1, Title: "a"}, {ID: 2, Title: "b"}},
			[]string{`"c" (id 0) is lost`, "1 of 3 acknowledged cases lost"}, 0},
		{"wrong id", []apiCase{{ID: 1, Title: "a"}, {ID: 7, Title: "b"}, {ID: 3, Title: "c"}},
			[]string{`"b" has id 7, acknowledged as 2`}, 0},
		{"stored twice", []apiCase{{ID: 1, Title: "a"}, {ID: 2, Title: "b"}, {ID: 3, Title: "c"}, {ID: 4, Title: "c"}},
			[]string{`"c" stored 2 times`}, 0},
		{"never sent", []apiCase{{ID: 1, Title: "a"}, {ID: 2, Title: "b"}, {ID: 3, Title: "c"}, {ID: 9, Title: "zz"}},
			[]string{`"zz", which was never sent`}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			problems, extra := verify(tc.list, attempted, acked)
			if extra != tc.extra {
				t.Errorf("extra = %d, want %d", extra, tc.extra)
			}
			if len(problems) != len(tc.want) {
				t.Fatalf("problems %q, want %d matching %q", problems, len(tc.want), tc.want)
			}
			for _, w := range tc.want {
				if !slices.ContainsFunc(problems, func(p string) bool { return strings.Contains(p, w) }) {
					t.Errorf("no problem mentions %q in %q", w, problems)
				}
			}
		})
	}
}
