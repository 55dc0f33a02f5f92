// Command genogram-bench writes a synthetic family as Rotonde SVG and as a
// Graphviz DOT relationship graph (persons and family nodes, as Gramps
// does), and times Rotonde's layout + render. compare.sh times `dot -Tsvg`
// on the DOT file.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/genogram"
)

func main() {
	n := flag.Int("n", 2000, "number of family persons")
	seed := flag.Uint64("seed", 1, "random seed")
	dotOut := flag.String("dot", "", "write Graphviz DOT here")
	svgOut := flag.String("svg", "", "write Rotonde SVG here")
	useDemo := flag.Bool("demo", false, "use the demo stepfamily instead of a synthetic family")
	pros := flag.Bool("professionals", false, "draw the professionals overlay")
	lang := flag.String("lang", "nl", "nl or en")
	runs := flag.Int("runs", 20, "timing runs for Rotonde")
	flag.Parse()
	if err := run(*n, *seed, *dotOut, *svgOut, *useDemo, *pros, *lang, *runs); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(n int, seed uint64, dotOut, svgOut string, useDemo, pros bool, lang string, runs int) error {
	g := genogram.SyntheticFamily(n, seed)
	if useDemo {
		g = demo.Stepfamily()
	}
	opts := genogram.Options{Lang: lang, Professionals: pros}
	if dotOut != "" {
		if err := writeFile(dotOut, func(w io.Writer) error { return writeDOT(w, g) }); err != nil {
			return err
		}
	}
	if svgOut != "" {
		if err := writeFile(svgOut, func(w io.Writer) error { return genogram.Render(w, g, opts) }); err != nil {
			return err
		}
	}
	if runs > 0 {
		best := time.Duration(1<<63 - 1)
		for i := 0; i < runs; i++ {
			start := time.Now()
			if err := genogram.Render(io.Discard, g, opts); err != nil {
				return err
			}
			best = min(best, time.Since(start))
		}
		fmt.Printf("rotonde layout+svg: %d persons, best of %d runs: %.2f ms\n", len(g.Persons), runs, float64(best.Microseconds())/1000)
	}
	return nil
}

func writeFile(path string, f func(io.Writer) error) error {
	out, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(out)
	if err := f(bw); err != nil {
		out.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// writeDOT writes the relationship graph the way Gramps' "Relationship
// Graph" report does: a box/ellipse per person, a small family node per
// partnership, edges parent → family → child, ranked top to bottom.
func writeDOT(w io.Writer, g *genogram.Genogram) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "digraph family {")
	fmt.Fprintln(bw, `  rankdir=TB; ranksep=0.6; nodesep=0.3; node [fontsize=10];`)
	for _, p := range g.Persons {
		shape := "box"
		switch p.Sex {
		case genogram.SexFemale:
			shape = "ellipse"
		case genogram.SexOther, genogram.SexUnknown, "":
			shape = "diamond"
		}
		fmt.Fprintf(bw, "  %q [shape=%s, label=%q];\n", p.ID, shape, fmt.Sprintf("%s\\n%d", p.Alias, p.BirthYear))
	}
	for _, pt := range g.Partnerships {
		fmt.Fprintf(bw, "  %q [shape=ellipse, style=filled, fillcolor=\"#ffffe0\", label=\"\", width=0.2, height=0.2];\n", pt.ID)
		fmt.Fprintf(bw, "  %q -> %q [arrowhead=none];\n  %q -> %q [arrowhead=none];\n", pt.A, pt.ID, pt.B, pt.ID)
	}
	for i, pc := range g.Children {
		from := pc.Partnership
		if from == "" {
			from = fmt.Sprintf("single%d", i)
			fmt.Fprintf(bw, "  %q [shape=point];\n  %q -> %q [arrowhead=none];\n", from, pc.Parent1, from)
		}
		style := "solid"
		if pc.Kind != "" && pc.Kind != genogram.Biological {
			style = "dashed"
		}
		fmt.Fprintf(bw, "  %q -> %q [style=%s];\n", from, pc.Child, style)
	}
	fmt.Fprintln(bw, "}")
	return bw.Flush()
}
