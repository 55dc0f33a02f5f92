package main

import (
	"runtime/debug"
	"strings"
)

// versionString says which build this is: the version given at build time
// (-ldflags "-X main.version=…"), else the module version of `go install
// …@vX`, else "dev" with the commit and its time that `go build` records in
// a git checkout, and always the Go version.
func versionString(set string, info *debug.BuildInfo) string {
	v := set
	var extra []string
	if info != nil {
		if v == "dev" && info.Main.Version != "" && info.Main.Version != "(devel)" {
			v = info.Main.Version
		}
		var rev, when string
		modified := false
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
		if rev != "" {
			c := "commit " + rev[:min(12, len(rev))]
			if modified {
				c += " (gewijzigd/modified)"
			}
			if when != "" {
				c += " " + when
			}
			extra = append(extra, c)
		}
		if info.GoVersion != "" {
			extra = append(extra, info.GoVersion)
		}
	}
	if len(extra) == 0 {
		return v
	}
	return v + " (" + strings.Join(extra, ", ") + ")"
}

func buildInfo() *debug.BuildInfo {
	info, _ := debug.ReadBuildInfo()
	return info
}
