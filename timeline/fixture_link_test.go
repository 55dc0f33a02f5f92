package timeline_test

import (
	"github.com/rotonde-jeugd/rotonde/demo"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

func init() { timeline.NoorFixture = demo.NoorTimeline }
