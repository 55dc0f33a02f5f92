package main

import (
	"context"
	"io"

	"github.com/rotonde-jeugd/rotonde/timeline"
)

// runTimeline implements "rotonde timeline render|demo"; the work is in
// timeline.RunCLI.
func runTimeline(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return timeline.RunCLI(ctx, args, stdout, stderr)
}
