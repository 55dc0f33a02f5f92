package report_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/rotonde-jeugd/rotonde/internal/pdftest"
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
	txt := pdftest.Text(t, pdftest.WriteFile(t, buf.Bytes()))
	for _, want := range []string{"Leerbijeenkomst", "Wij doen wat het gezin doet", "alleen blijven", "Terugkoppeling aan het gezin", "Femke belt moeder"} {
		if !strings.Contains(txt, want) {
			t.Errorf("PDF text lacks %q", want)
		}
	}
}
