package web_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// TestGEDCOMPreviewRefusesWhatConfirmRefuses: a name longer than storage
// accepts is refused at the preview, with the limit, and nothing is
// stored (the preview let it through and only the confirm step failed).
func TestGEDCOMPreviewRefusesWhatConfirmRefuses(t *testing.T) {
	e, _, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	long := strings.Repeat("a", 81)
	ged := "0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n0 @I1@ INDI\n1 NAME " + long + "\n0 TRLR\n"
	res, page := e.upload(c, base+"/genogram/import", "lang.ged", []byte(ged))
	page = html.UnescapeString(page)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "de naam van @I1@ is te lang (81 tekens; hoogstens 80)") {
		t.Errorf("preview of an overlong name: %d", res.StatusCode)
	}
	if strings.Contains(page, "Bevestigen en inlezen") {
		t.Errorf("the preview offers to confirm")
	}
}

// TestGEDCOMImportOfLargeAndOldFiles: a 5 MB file is previewed, and a file
// in ANSEL is converted with a warning and stored with its accents.
func TestGEDCOMImportOfLargeAndOldFiles(t *testing.T) {
	e, id, base := newDemoCase(t)
	c := e.login("facilitator@demo.test")
	var big strings.Builder
	big.WriteString("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR UTF-8\n")
	note := strings.Repeat("Een lange aantekening over deze persoon. ", 4)
	for i := 0; big.Len() < 5<<20; i++ {
		fmt.Fprintf(&big, "0 @I%d@ INDI\n1 NAME persoon %d\n1 NOTE %s\n", i, i, note)
		for range 30 {
			big.WriteString("2 CONT " + note + "\n")
		}
	}
	big.WriteString("0 TRLR\n")
	res, page := e.upload(c, base+"/genogram/import", "groot.ged", []byte(big.String()))
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Bevestigen en inlezen") {
		t.Errorf("preview of a %d-byte file: %d", big.Len(), res.StatusCode)
	}

	ansel := []byte("0 HEAD\n1 GEDC\n2 VERS 5.5.1\n1 CHAR ANSEL\n0 @I1@ INDI\n1 NAME Zo\xe8e /M\xe8uller/\n1 SEX F\n0 TRLR\n")
	res, page = e.upload(c, base+"/genogram/import", "oud.ged", ansel)
	page = html.UnescapeString(page)
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "ANSEL") || !strings.Contains(page, "Zoë Müller") {
		t.Fatalf("ANSEL preview: %d", res.StatusCode)
	}
	m := regexp.MustCompile(`(?s)<textarea id="ged-text" name="gedcom" hidden>(.*?)</textarea>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no text carried to the confirm step")
	}
	res, _ = e.postText(c, base+"/genogram/import/bevestigen", map[string]string{"gedcom": m[1]})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	g, _, err := e.db.Genogram.Genogram(context.Background(), e.user("facilitator@demo.test"), id)
	if err != nil || len(g.Persons) != 1 || g.Persons[0].Alias != "Zoë Müller" || g.Persons[0].GEDCOM == nil || g.Persons[0].GEDCOM.Surname != "Müller" {
		t.Errorf("stored %+v %v", g.Persons, err)
	}
}
