package policy

import rotonde "github.com/rotonde-jeugd/rotonde"

// CanExport is the one rule for taking case content off the screen: the PDF
// dossier, the timeline as CSV or SVG, the geno-sociogram as GEDCOM or SVG,
// a case's tension-field round as CSV and the report and calendar file of a
// meeting about the case. Those who work on the case may (owner,
// facilitator, professional, family member); observers and break-glass
// readers read on screen only, and get the same answer for every export.
func CanExport(role rotonde.MemberRole) bool { return caseWorker(role) }

// CanExportMeeting applies CanExport to a meeting's report and calendar
// file, for someone who may open the meeting. For a member of the meeting's
// case their role decides, as for every other export: the report carries the
// case's timeline and geno-sociogram. An admitted guest's report leaves the
// case content out, and a meeting without a case (a theme evening) has
// none, so those who may open them may take their report.
func CanExportMeeting(ofCase, guest bool, caseRole rotonde.MemberRole) bool {
	return !ofCase || guest || CanExport(caseRole)
}
