package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/runes"
)

// The live part of a learning meeting: joining with a code or a one-time
// invitation, the live page, the event stream, and input during the meeting.
// Every input form works without JavaScript (post and redirect back);
// web/static/meeting.js sends the same forms with fetch, keeps unsent text in
// localStorage and follows the event stream.

func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

func writeJSONOK(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_, _ = w.Write([]byte(`{"ok":true}` + "\n"))
}

// liveError answers a refused live request: JSON for the script, a page otherwise.
func (s *Server) liveError(w http.ResponseWriter, r *http.Request, err error) {
	if wantsJSON(r) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(statusOf(err))
		_ = json.NewEncoder(w).Encode(map[string]string{"error": s.userMessage(r, err), "code": string(rotonde.ErrorCodeOf(err))})
		return
	}
	s.renderError(w, r, err)
}

type emotionOption struct {
	Key   string
	Word  string
	Count int
}

type liveView struct {
	M            *meeting.Meeting
	Facilitate   bool
	Guest        bool
	Waiting      bool
	Me           string
	Steps        []stepView
	Cur          *stepView
	HasPrev      bool
	HasNext      bool
	Prev, Next   int
	EndsAt       string
	EndsClock    string
	Kinds        []option
	Sections     []meeting.Section
	Groups       []meeting.GroupRow
	Backpack     []string
	Stakeholders []meeting.Capture
	Words        []string
	Emotions     []emotionOption
	Attachments  []meeting.Attachment
	WaitingList  []meeting.Participant
	Present      int
	FilmYes      int
	FilmNotYet   int
	JoinURL      string
	Suggestions  []string
	// JoinLink is the join address with the code filled in, and JoinQR the
	// same as a QR code, for the facilitator to show.
	JoinLink string
	JoinQR   template.HTML
	// ClockWaits: the meeting is live but its first step has not started,
	// so the step's clock does not run yet.
	ClockWaits bool
	// Series is the work-form screen of a series session (web/serieslive.go).
	Series *seriesLiveView
}

func (s *Server) liveData(r *http.Request, mid int64) (liveView, meeting.Access, error) {
	st := s.store.Meetings
	snap, a, err := st.MeetingSnapshot(r.Context(), s.viewer(r, mid), mid)
	if err != nil {
		return liveView{}, a, err
	}
	v := liveView{M: &snap.Meeting, Facilitate: a.Facilitate, Guest: a.Guest}
	if a.Participant != nil {
		v.Me = a.Participant.Name
	} else if u := userFrom(r.Context()); u != nil {
		v.Me = u.Name
	}
	if a.Guest && !a.Participant.Admitted {
		v.Waiting = true
		return v, a, nil
	}
	lang := langFrom(r.Context())
	v.Steps, _ = s.stepViews(r, snap)
	if cur, ok := snap.Current(); ok {
		sv := v.Steps[cur.Position]
		v.Cur = &sv
		v.HasPrev, v.Prev = cur.Position > 0, cur.Position-1
		v.HasNext, v.Next = cur.Position+1 < len(snap.Steps), cur.Position+1
		v.ClockWaits = snap.Meeting.Status == meeting.Live && snap.Meeting.StepStartedAt.IsZero()
		if end := snap.StepEnds(); !end.IsZero() {
			v.EndsAt, v.EndsClock = end.UTC().Format("2006-01-02T15:04:05Z"), end.Local().Format("15:04")
		}
	}
	for _, k := range meeting.GeneralKinds {
		v.Kinds = append(v.Kinds, option{string(k), meeting.KindTitle(k, lang)})
		v.Sections = append(v.Sections, meeting.Section{Kind: k, Title: meeting.KindTitle(k, lang), Items: snap.CapturesOf(k)})
	}
	v.Groups = meeting.GroupTable(snap.Captures, lang)
	if v.Groups == nil {
		for _, slot := range meeting.Slots {
			v.Groups = append(v.Groups, meeting.GroupRow{Slot: slot, Label: meeting.SlotTitle(slot, lang)})
		}
	}
	for _, c := range snap.CapturesOf(meeting.Advice) {
		v.Backpack = append(v.Backpack, c.Body)
	}
	v.Stakeholders = snap.CapturesOf(meeting.Stakeholder)
	for _, c := range snap.CapturesOf(meeting.NewWord) {
		v.Words = append(v.Words, c.Body)
	}
	counts := map[string]int{}
	for _, c := range snap.CapturesOf(meeting.Emotion) {
		counts[c.Body]++
	}
	for _, e := range s.methodForMeeting(r, &snap.Meeting).Emotions {
		v.Emotions = append(v.Emotions, emotionOption{Key: e.Key, Word: e.Word.In(lang), Count: counts[e.Key]})
	}
	v.Attachments = snap.Attachments
	v.Series = s.seriesLive(r, snap, a)
	for _, p := range snap.Participants {
		switch {
		case p.Kind == meeting.KindGuest && !p.Admitted:
			v.WaitingList = append(v.WaitingList, p)
		case p.Admitted && !p.InvitePending:
			v.Present++
			if snap.Meeting.FilmOpen {
				switch p.InFilm {
				case meeting.FilmYes:
					v.FilmYes++
				case meeting.FilmNotYet:
					v.FilmNotYet++
				}
			}
		}
	}
	if a.Facilitate {
		v.JoinURL = s.absURL(r, "/doe-mee")
		if snap.Meeting.Status == meeting.Live && snap.Meeting.JoinCode != "" {
			v.JoinLink = s.absURL(r, "/doe-mee?code="+url.QueryEscape(snap.Meeting.JoinCode))
			v.JoinQR, _ = joinQR(v.JoinLink, s.cat.For(lang).T("meeting.join.qr", snap.Meeting.JoinCode))
		}
	}
	// Stakeholders to speak as: the persons of the case's geno-sociogram
	// for members (read through their own access), else general examples.
	if gs := s.store.Genogram; snap.Meeting.CaseID != 0 && !a.Guest && userFrom(r.Context()) != nil {
		if g, _, err := gs.Genogram(r.Context(), userFrom(r.Context()), snap.Meeting.CaseID); err == nil {
			for _, p := range g.Persons {
				if p.Alias != "" && !strings.EqualFold(p.Alias, v.Me) {
					v.Suggestions = append(v.Suggestions, p.Alias)
				}
			}
		}
	}
	for _, w := range strings.Split(s.cat.For(lang).T("meeting.stakeholders.suggestions"), ",") {
		if w = strings.TrimSpace(w); w != "" && !strings.EqualFold(w, v.Me) {
			v.Suggestions = append(v.Suggestions, w)
		}
	}
	return v, a, nil
}

// handleLive is the meeting screen for everyone taking part. Members of the
// case join with their first input; guests come through the join code or
// their invitation.
func (s *Server) handleLive(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDPage(w, r, "mid")
	if !ok {
		return
	}
	st := s.store.Meetings
	// Opening the page changes nothing: a member of the case takes part
	// (and counts as present) from their first input, which joins them.
	a, err := st.MeetingAccess(r.Context(), s.viewer(r, mid), mid)
	var data liveView
	if err == nil {
		data, a, err = s.liveData(r, mid)
	}
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst-live", err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderTitled(w, r, http.StatusOK, "meeting_live", "meeting.live.title", data.M.Title, data, nil)
}

// handleEvents streams a meeting's events (Server-Sent Events) to someone
// taking part, from the event after Last-Event-ID.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	mid, err := pathID(r, "mid")
	st := s.store.Meetings
	if err != nil {
		http.Error(w, "not found", http.StatusNotFound)
		return
	}
	v := s.viewer(r, mid)
	a, err := st.MeetingAccess(r.Context(), v, mid)
	if err == nil && a.Guest && !a.Participant.Admitted {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.facilitator_has_not_let_you_in")
	}
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst-live", err, "stroom")
	if err != nil {
		http.Error(w, rotonde.UserMessage(err, langFrom(r.Context())), statusOf(err))
		return
	}
	once := a.Meeting.Status != meeting.Live || r.URL.Query().Get("once") == "1"
	live.Stream(w, r, s.meet.hub, mid, live.StreamOptions{
		Allow: a.CanSee,
		Once:  once,
		// Access is looked at again at every heartbeat: a member removed from
		// the case stops receiving within one interval.
		Recheck: func(ctx context.Context) error {
			b, err := st.MeetingAccess(ctx, v, mid)
			if err != nil {
				return err
			}
			if b.Meeting.Status != meeting.Live {
				return errors.New("meeting not live")
			}
			return nil
		},
		Heartbeat: s.meetHeartbeat(),
	})
}

func (s *Server) meetHeartbeat() time.Duration { return s.meet.heartbeat }

// SetLiveHeartbeat changes the heartbeat (and access re-check) interval of
// event streams; tests shorten it. Call before serving.
func (s *Server) SetLiveHeartbeat(d time.Duration) { s.meet.heartbeat = d }

// participantPost runs one participant's change. fn calls note with the
// record's detail right before its store call, so that the record commits
// with the change; anonymous input is noted by nobody (web/anonymousinput.go).
func (s *Server) participantPost(w http.ResponseWriter, r *http.Request, part string, fn func(st meeting.Store, v meeting.Viewer, a meeting.Access, mid int64, note func(detail string)) (int64, string, error)) {
	mid, err := pathID(r, "mid")
	st := s.store.Meetings
	if err != nil {
		s.liveError(w, r, err)
		return
	}
	v := s.viewer(r, mid)
	a, err := st.MeetingAccess(r.Context(), v, mid)
	var seq int64
	detail := ""
	var rec *rotonde.AuditEntry
	note := func(detail string) {
		if detail != anonymousInput {
			rec = s.auditMeetingNote(r, rotonde.AuditCreate, a, mid, part, detail)
		}
	}
	if err == nil {
		seq, detail, err = fn(st, v, a, mid, note)
	}
	var aerr error
	switch {
	case rec != nil:
		aerr = s.auditMeetingResult(r, rec, a, err)
	case detail == anonymousInput && auditOutcome(err) == rotonde.AuditAllowed:
		s.deferAnonymousInput(r) // counted in the facilitator's next record (web/anonymousinput.go)
	default:
		aerr = s.auditMeeting(r, rotonde.AuditCreate, a, mid, part, err, detail)
	}
	if aerr != nil && err == nil {
		err = aerr
	}
	if err != nil {
		s.liveError(w, r, err)
		return
	}
	s.published(mid, seq)
	if wantsJSON(r) {
		writeJSONOK(w)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d/live#inbreng", mid), http.StatusSeeOther)
}

// handleCapture stores one piece of input. Nothing forces input: an empty
// form is refused kindly and nothing is stored.
func (s *Server) handleCapture(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.liveError(w, r, err)
		return
	}
	s.participantPost(w, r, "bijeenkomst-inbreng", func(st meeting.Store, v meeting.Viewer, a meeting.Access, mid int64, note func(string)) (int64, string, error) {
		f := r.PostForm
		step, err := strconv.Atoi(f.Get("step"))
		if err != nil {
			return 0, "", rotonde.E(rotonde.EInvalid, "err.web.form_belongs_to_no_step_reload")
		}
		c := &meeting.Capture{MeetingID: mid, StepPosition: step, Kind: meeting.CaptureKind(f.Get("kind")), Body: f.Get("body"),
			Group: f.Get("group"), Slot: f.Get("slot"), Stakeholder: f.Get("stakeholder"), Feeling: f.Get("feeling"), Anonymous: f.Get("anonymous") != ""}
		// The meeting's words (emotion cards); cached, so no query per input.
		if err := c.Validate(s.methodForMeeting(r, a.Meeting)); err != nil {
			return 0, anonymousDetail(c, ""), err
		}
		note(anonymousDetail(c, "soort "+string(c.Kind)))
		seq, err := st.AddCapture(r.Context(), v, c)
		return seq, anonymousDetail(c, "soort "+string(c.Kind)), err
	})
}

func (s *Server) handleFilmAnswer(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(w, r); err != nil {
		s.liveError(w, r, err)
		return
	}
	s.participantPost(w, r, "bijeenkomst-film", func(st meeting.Store, v meeting.Viewer, _ meeting.Access, mid int64, note func(string)) (int64, string, error) {
		answer, _ := strconv.Atoi(r.PostForm.Get("answer"))
		note("")
		seq, err := st.AnswerFilm(r.Context(), v, mid, answer)
		return seq, "", err
	})
}

// handleUpload attaches a link or a file (image, audio, PDF) to a step: art
// (werkkaart 7) or the group's own image cards (werkkaart 6). The type is
// taken from the content, never from the name or the browser's claim.
func (s *Server) handleUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, meeting.MaxAttachmentBytes+(256<<10))
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.liveError(w, r, rotonde.E(rotonde.ETooLarge, "err.meeting.file_is_too_large_at_most"))
			return
		}
		if err := parseForm(w, r); err != nil {
			s.liveError(w, r, err)
			return
		}
	}
	s.participantPost(w, r, "bijeenkomst-bijlage", func(st meeting.Store, v meeting.Viewer, _ meeting.Access, mid int64, note func(string)) (int64, string, error) {
		step, err := strconv.Atoi(r.FormValue("step"))
		if err != nil {
			return 0, "", rotonde.E(rotonde.EInvalid, "err.web.form_belongs_to_no_step_reload")
		}
		at := &meeting.Attachment{MeetingID: mid, StepPosition: step, Purpose: r.FormValue("purpose"), Title: r.FormValue("title"), Link: r.FormValue("link")}
		var data []byte
		if f, _, err := r.FormFile("file"); err == nil {
			defer f.Close()
			data, err = io.ReadAll(io.LimitReader(f, meeting.MaxAttachmentBytes+1))
			if err != nil {
				return 0, "", rotonde.E(rotonde.EInvalid, "err.web.file_could_not_be_read")
			}
			at.ContentType = sniffType(data)
		}
		note("bijlage " + at.Media())
		seq, err := st.AddAttachment(r.Context(), v, at, data)
		return seq, "bijlage " + at.Media(), err
	})
}

func sniffType(data []byte) string {
	t := http.DetectContentType(data)
	t, _, _ = strings.Cut(t, ";")
	if t == "application/ogg" {
		return "audio/ogg"
	}
	return t
}

func (s *Server) handleAttachment(w http.ResponseWriter, r *http.Request) {
	mid, aid, err := pathIDs(r, "mid", "aid")
	st := s.store.Meetings
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	v := s.viewer(r, mid)
	a, _ := st.MeetingAccess(r.Context(), v, mid)
	at, data, err := st.AttachmentData(r.Context(), v, mid, aid)
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst-bijlage", err, fmt.Sprintf("bijlage %d", aid))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if at.Link != "" || len(data) == 0 {
		s.renderError(w, r, rotonde.E(rotonde.ENotFound, "err.web.this_attachment_is_link_not_file"))
		return
	}
	w.Header().Set("Content-Type", at.ContentType)
	disp := "inline"
	if at.Media() != "image" {
		disp = "attachment"
	}
	w.Header().Set("Content-Disposition", fmt.Sprintf(`%s; filename="bijlage-%d"`, disp, at.ID))
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	_, _ = w.Write(data)
}

type joinView struct {
	Code     string
	Name     string
	LoggedIn bool
	Token    string
}

func (s *Server) handleJoinForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "meeting_join", "meeting.join.title", joinView{Code: runes.Cut(r.URL.Query().Get("code"), 12), LoggedIn: userFrom(r.Context()) != nil})
}

// handleJoin joins a live meeting with its code: a member of the case goes
// straight in; anyone else gets a guest token (a cookie, stored hashed) and
// waits until the facilitator lets them in.
func (s *Server) handleJoin(w http.ResponseWriter, r *http.Request) {
	st := s.store.Meetings
	err := parseForm(w, r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	u := userFrom(r.Context())
	form := joinView{Code: runes.Cut(r.PostForm.Get("code"), 12), Name: runes.Cut(r.PostForm.Get("name"), 80), LoggedIn: u != nil}
	// Wrong codes are counted per client address, so codes cannot be guessed
	// by trying them; the check comes first and costs the same for every code.
	ctx := r.Context()
	key := rotonde.JoinThrottleKey(clientAddress(r))
	if s.answeredThrottled(w, r, []rotonde.ThrottleKey{key}, "meeting_join", "meeting.join.title", form) {
		return
	}
	token, hash := NewToken("gt_")
	mid, seq, err := st.JoinByCode(ctx, form.Code, u, form.Name, hash)
	if rotonde.ErrorCodeOf(err) == rotonde.ENotFound {
		if ferr := s.store.Identity.RecordLoginFailure(ctx, key, rotonde.JoinThrottle, s.now()); ferr != nil {
			s.log.ErrorContext(ctx, "record wrong join code", "err", ferr)
		}
	}
	var a meeting.Access
	if err == nil {
		a, err = st.MeetingAccess(r.Context(), meeting.Viewer{User: u, GuestHash: hash}, mid)
	}
	err = s.auditedMeeting(r, rotonde.AuditCreate, a, mid, "bijeenkomst-deelnemers", err, "meedoen met code")
	if err != nil {
		s.renderFormError(w, r, "meeting_join", "meeting.join.title", form, err)
		return
	}
	if a.Guest {
		s.setGuestCookie(w, mid, token)
	}
	s.published(mid, seq)
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d/live", mid), http.StatusSeeOther)
}

func (s *Server) handleGuestInvite(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "meeting_join", "meeting.join.title", joinView{Token: runes.Cut(r.PathValue("token"), 100)})
}

func (s *Server) handleAcceptGuestInvite(w http.ResponseWriter, r *http.Request) {
	st := s.store.Meetings
	token, hash := NewToken("gt_")
	mid, err := st.AcceptGuestInvite(r.Context(), HashToken(r.PathValue("token")), hash, s.now())
	var a meeting.Access
	if err == nil {
		a, _ = st.MeetingAccess(r.Context(), meeting.Viewer{GuestHash: hash}, mid)
	}
	err = s.auditedMeeting(r, rotonde.AuditCreate, a, mid, "bijeenkomst-deelnemers", err, "uitnodiging gebruikt")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.setGuestCookie(w, mid, token)
	if a.Meeting != nil && a.Meeting.LastSeq > 0 {
		s.published(mid, a.Meeting.LastSeq)
	}
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d/live", mid), http.StatusSeeOther)
}
