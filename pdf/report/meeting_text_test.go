package report_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/testtool"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/pdf/report"
)

func TestReportPDFHasTheText(t *testing.T) {
	lib, _ := method.Load()
	steps, _ := meeting.StepsForCard(lib, "facilitator", "")
	s := &meeting.Snapshot{Meeting: meeting.Meeting{Title: "Leerbijeenkomst", Feedback: "Femke belt moeder"}, Steps: steps,
		Captures: []meeting.Capture{{Kind: meeting.Insight, Body: "Wij doen wat het gezin doet"}, {Kind: meeting.Stakeholder, Stakeholder: "oma", Body: "alleen blijven", Feeling: "bang"}}}
	var buf bytes.Buffer
	if err := report.WriteMeeting(&buf, meeting.BuildReport(s, lib, "nl", false), "nl", time.Now()); err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	testtool.RequireTool(t, "pdftotext")
	file := filepath.Join(t.TempDir(), "verslag.pdf")
	if err := os.WriteFile(file, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	txt, err := exec.Command("pdftotext", file, "-").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Leerbijeenkomst", "Wij doen wat het gezin doet", "alleen blijven", "Terugkoppeling aan het gezin", "Femke belt moeder"} {
		if !bytes.Contains(txt, []byte(want)) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}
