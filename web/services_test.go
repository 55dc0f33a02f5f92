package web_test

import (
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/rotonde-jeugd/rotonde/i18n"
	"github.com/rotonde-jeugd/rotonde/internal/testenv"
	"github.com/rotonde-jeugd/rotonde/internal/wire"
	"github.com/rotonde-jeugd/rotonde/web"
)

// TestNewRefusesMissingService: a server is built only with every area's
// service, so that a missing one is a start-up error rather than a feature
// that silently answers "not available".
func TestNewRefusesMissingService(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sv := wire.Services(testenv.OpenSQLite(t))
	if _, err := web.New(sv, cat, log, web.Config{}); err != nil {
		t.Fatalf("complete services: %v", err)
	}
	sv.Meetings = nil
	_, err = web.New(sv, cat, log, web.Config{})
	if err == nil || !strings.Contains(err.Error(), "Meetings") {
		t.Fatalf("without meetings: err = %v, want one naming Meetings", err)
	}
}
