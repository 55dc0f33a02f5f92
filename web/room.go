package web

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"strings"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// The room view: what the facilitator projects during a meeting. One
// picture at a time, full screen, large type and nothing to edit: the
// case's timeline, its geno-sociogram, the dream and the spreads of the
// tension-field round linked to the meeting once revealed. Plain links move
// between them; web/static/room.js adds the keys ←/→ and 1–4.

// roomParts are the pictures of the room view, in order; the query
// parameter toon names one.
var roomParts = []string{"tijdlijn", "genogram", "droom", "spanningsveld"}

type roomTab struct {
	Key, Label string
	Href       string
	Number     int
	Current    bool
}

type roomView struct {
	M        *meeting.Meeting
	Part     string
	Tabs     []roomTab
	Prev     string // links to the previous and next picture
	Next     string
	Timeline template.HTML
	Genogram template.HTML
	Dream    dreamPanel
	HasDream bool
	Tension  []tensionChart
	Round    string
	NoCase   bool // a theme meeting: there is no case to show
}

func roomPart(q string) string {
	for _, p := range roomParts {
		if p == q {
			return p
		}
	}
	return roomParts[0]
}

// handleMeetingRoom shows one picture of the room view to the facilitator.
func (s *Server) handleMeetingRoom(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDPage(w, r, "mid")
	if !ok {
		return
	}
	data, a, err := s.roomData(r, mid, roomPart(r.URL.Query().Get("toon")))
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst-zaal", err, data.Part)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := s.newView(r, "room.title", data)
	v.Title = v.L.T("room.title") + ": " + data.M.Title
	s.renderView(w, r, http.StatusOK, "meeting_room", v)
}

func (s *Server) roomData(r *http.Request, mid int64, part string) (roomView, meeting.Access, error) {
	v := roomView{Part: part}
	st := s.store.Meetings
	snap, a, err := st.MeetingSnapshot(r.Context(), s.viewer(r, mid), mid)
	if err != nil {
		return v, a, err
	}
	if !a.Facilitate {
		// Only the facilitator projects; the others follow the live page.
		return v, a, rotonde.E(rotonde.EForbidden, "err.web.room_is_for_facilitator")
	}
	v.M = &snap.Meeting
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	for i, p := range roomParts {
		v.Tabs = append(v.Tabs, roomTab{Key: p, Label: l.T("room.part." + p), Number: i + 1, Current: p == part,
			Href: fmt.Sprintf("/bijeenkomsten/%d/zaal?toon=%s", mid, p)})
		if p == part {
			v.Prev = fmt.Sprintf("/bijeenkomsten/%d/zaal?toon=%s", mid, roomParts[(i+len(roomParts)-1)%len(roomParts)])
			v.Next = fmt.Sprintf("/bijeenkomsten/%d/zaal?toon=%s", mid, roomParts[(i+1)%len(roomParts)])
		}
	}
	u := userFrom(r.Context())
	if part == "spanningsveld" {
		rep := &meeting.Report{}
		s.addTension(r, a, &snap.Meeting, rep)
		v.Round, v.Tension = rep.TensionRound, tensionCharts(rep)
		return v, a, nil
	}
	if snap.Meeting.CaseID == 0 {
		v.NoCase = true
		return v, a, nil
	}
	caseID := snap.Meeting.CaseID
	switch part {
	case "tijdlijn":
		entries, err := s.store.Timeline.TimelineEvents(r.Context(), u, caseID, timeline.Query{})
		if err != nil {
			return v, a, err
		}
		if events := timeline.EventsOf(entries); len(events) > 0 {
			var buf bytes.Buffer
			opt := timeline.Options{Lang: lang, Width: 1600, IDPrefix: "zaal-"}
			if err := timeline.Render(&buf, events, opt); err != nil {
				return v, a, err
			}
			// A projected picture: the zoom links of clusters become plain
			// groups, as in the report (nothing to click on the wall).
			svg := snapshotLinks.ReplaceAllString(buf.String(), "<g>")
			v.Timeline = template.HTML(strings.ReplaceAll(svg, "</a>", "</g>")) // the renderer escapes all text
		}
	case "genogram":
		g, _, err := s.store.Genogram.Genogram(r.Context(), u, caseID)
		if err != nil {
			return v, a, err
		}
		if len(g.Persons) > 0 {
			var buf bytes.Buffer
			if err := genogram.Render(&buf, g, genogram.Options{Lang: lang, Professionals: true, Title: l.T("geno.svgtitle") + " · " + snap.Meeting.CaseTitle}); err != nil {
				return v, a, err
			}
			v.Genogram = template.HTML(buf.String()) // the genogram package escapes every text it writes
		}
	case "droom":
		_, role, err := s.store.Cases.Case(r.Context(), u, caseID)
		if err == nil {
			v.Dream, err = s.dreamData(r, caseID, role)
		}
		if err != nil {
			return v, a, err
		}
		v.HasDream = v.Dream.Answered > 0
	}
	return v, a, nil
}
