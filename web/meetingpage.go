package web

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"

	rotonde "github.com/rotonde-jeugd/rotonde"
	"github.com/rotonde-jeugd/rotonde/genogram"
	"github.com/rotonde-jeugd/rotonde/live"
	"github.com/rotonde-jeugd/rotonde/meeting"
	"github.com/rotonde-jeugd/rotonde/method"
	"github.com/rotonde-jeugd/rotonde/pdf/report"
	"github.com/rotonde-jeugd/rotonde/policy"
	"github.com/rotonde-jeugd/rotonde/tension"
	"github.com/rotonde-jeugd/rotonde/timeline"
)

// Learning meetings: composing the agenda from the work cards, the
// facilitator's preparation (werkkaart 1), inviting guests, and the report.
// The live part is in live.go.

type meetingDeps struct {
	store     meeting.Store
	hub       *live.Hub
	heartbeat time.Duration
}

func newMeetingDeps(s *Server) *meetingDeps {
	st := s.store.Meetings
	d := &meetingDeps{store: st, hub: s.cfg.Live, heartbeat: 15 * time.Second}
	if d.hub == nil {
		d.hub = live.NewHub(st, s.log, 0)
	}
	return d
}

// published tells the live clients of this instance that events up to seq
// exist. It is called only after the write committed; on PostgreSQL the
// NOTIFY sent at commit reaches the other instances.
func (s *Server) published(meetingID, seq int64) {
	if seq > 0 && s.meet != nil && s.meet.hub != nil {
		s.meet.hub.Notify(meetingID, seq)
	}
}

// Hub returns the server's live hub (for tests and the benchmark).
func (s *Server) Hub() *live.Hub { return s.meet.hub }

func (s *Server) guestCookieName(mid int64) string {
	if s.cfg.SecureCookies {
		return "__Host-rotonde_gast_" + strconv.FormatInt(mid, 10)
	}
	return "rotonde_gast_" + strconv.FormatInt(mid, 10)
}

// GuestCookieName is the cookie that carries a guest's token for one meeting.
func GuestCookieName(mid int64) string { return "rotonde_gast_" + strconv.FormatInt(mid, 10) }

func (s *Server) setGuestCookie(w http.ResponseWriter, mid int64, token string) {
	http.SetCookie(w, &http.Cookie{Name: s.guestCookieName(mid), Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, MaxAge: int((24 * time.Hour).Seconds())})
}

// viewer is who asks about meeting mid: the logged-in user and the guest token, if any.
func (s *Server) viewer(r *http.Request, mid int64) meeting.Viewer {
	v := meeting.Viewer{User: userFrom(r.Context())}
	if c, err := r.Cookie(s.guestCookieName(mid)); err == nil && c.Value != "" {
		v.GuestHash = HashToken(c.Value)
	}
	return v
}

// auditMeeting logs an action on a meeting. Meetings of a case are logged
// against the case; guests are named by their participant number only.
func (s *Server) auditMeeting(r *http.Request, action rotonde.AuditAction, a meeting.Access, mid int64, part string, err error, detail string) error {
	caseID, d := meetingRecord(a, mid, detail)
	if caseID == 0 && userFrom(r.Context()) == nil && err != nil {
		return nil // an anonymous miss names no case: nothing to log
	}
	return s.auditOne(r, action, caseID, part, err, d)
}

// auditedMeeting logs like auditMeeting and returns what the handler
// answers with: err when the request failed, else the failure to write the
// record, if any.
func (s *Server) auditedMeeting(r *http.Request, action rotonde.AuditAction, a meeting.Access, mid int64, part string, err error, detail string) error {
	if aerr := s.auditMeeting(r, action, a, mid, part, err, detail); aerr != nil && err == nil {
		return aerr
	}
	return err
}

// meetingRecord gives the case and the detail of a record about meeting mid.
func meetingRecord(a meeting.Access, mid int64, detail string) (int64, string) {
	var caseID int64
	if a.Meeting != nil {
		caseID = a.Meeting.CaseID
	}
	d := fmt.Sprintf("bijeenkomst %d", mid)
	if a.Guest && a.Participant != nil {
		d += fmt.Sprintf("; gast %d", a.Participant.ID)
	}
	if detail != "" {
		d += "; " + detail
	}
	return caseID, d
}

// auditMeetingNote is auditNote for a change to meeting mid (see auditMeeting).
func (s *Server) auditMeetingNote(r *http.Request, action rotonde.AuditAction, a meeting.Access, mid int64, part, detail string) *rotonde.AuditEntry {
	caseID, d := meetingRecord(a, mid, detail)
	return s.auditNote(r, action, caseID, part, d)
}

// auditMeetingResult is auditResult for a record queued with auditMeetingNote.
func (s *Server) auditMeetingResult(r *http.Request, e *rotonde.AuditEntry, a meeting.Access, err error) error {
	if caseID, _ := meetingRecord(a, 0, ""); caseID == 0 && userFrom(r.Context()) == nil && err != nil {
		s.auditDrop(r, e) // an anonymous miss names no case: nothing to log
		return nil
	}
	return s.auditResult(r, e, err)
}

// auditedMeetingResult completes the record like auditMeetingResult and
// returns err when the change failed, else the failure to write the record.
func (s *Server) auditedMeetingResult(r *http.Request, e *rotonde.AuditEntry, a meeting.Access, err error) error {
	if aerr := s.auditMeetingResult(r, e, a, err); aerr != nil && err == nil {
		return aerr
	}
	return err
}

type caseMeetingsView struct {
	Case      *rotonde.Case
	Meetings  []meeting.Meeting
	CanCreate bool
	Title     string
	Theme     bool
}

func (s *Server) handleCaseMeetings(w http.ResponseWriter, r *http.Request) {
	id, ok := s.pathIDPage(w, r, "id")
	if !ok {
		return
	}
	st := s.store.Meetings
	u := userFrom(r.Context())
	c, role, err := s.store.Cases.Case(r.Context(), u, id)
	var list []meeting.Meeting
	if err == nil {
		list, err = st.Meetings(r.Context(), u, id)
	}
	err = s.audited(r, rotonde.AuditRead, id, "bijeenkomsten", err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "meeting_list", "meeting.list.title", caseMeetingsView{Case: c, Meetings: list,
		CanCreate: policy.CanManageMembers(role) && role != rotonde.MemberEmergency})
}

func (s *Server) handleThemeMeetings(w http.ResponseWriter, r *http.Request) {
	st := s.store.Meetings
	u := userFrom(r.Context())
	list, err := st.Meetings(r.Context(), u, 0)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "meeting_list", "meeting.list.title", caseMeetingsView{Meetings: list, CanCreate: policy.CanOpenThemeMeeting(u), Theme: true})
}

func (s *Server) handleCreateMeeting(w http.ResponseWriter, r *http.Request) {
	st := s.store.Meetings
	err := parseForm(w, r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m := &meeting.Meeting{Title: r.PostForm.Get("title"), Theme: r.PostForm.Get("theme")}
	if r.PathValue("id") != "" {
		if m.CaseID, err = pathID(r, "id"); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	var rec *rotonde.AuditEntry
	if m.CaseID != 0 {
		// The meeting's number is given inside the transaction that writes the record.
		rec = s.auditNoteCompleted(r, rotonde.AuditCreate, m.CaseID, "bijeenkomst", "", func(e *rotonde.AuditEntry) {
			addDetail(e, fmt.Sprintf("bijeenkomst %d", m.ID))
		})
	}
	err = st.CreateMeeting(r.Context(), userFrom(r.Context()), m)
	if rec != nil {
		err = s.auditedResult(r, rec, err)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d", m.ID), http.StatusSeeOther)
}

type stepView struct {
	Position  int
	Number    int
	CardNo    int
	Card      string
	Title     string
	Text      string
	Minutes   int
	Anonymous bool
	Current   bool
	Done      bool
	Screen    string
	// Before marks a step done before the meeting (not meeting time).
	Before bool
	// Info is the step's work card: purpose, use, materials, group, timing.
	Info *cardInfo
}

type cardOption struct {
	Value string
	Label string
}

type prepQuestion struct {
	Key, Question, Hint, Answer string
}

type prepareView struct {
	M             *meeting.Meeting
	Steps         []stepView
	TotalMinutes  int // in the meeting itself
	BeforeMinutes int // the agenda's steps done before the meeting
	Cards         []cardOption
	// CardInfo describes every card that can be chosen.
	CardInfo     []cardInfo
	PrepSource   sourceLine // the source of card 1's preparation questions
	Prep         []prepQuestion
	Participants []meeting.Participant
	Facilitate   bool
	PrepOwn      bool // may see and write the preparation (meeting.Access.Prep)
	OwnerWarn    bool // the case owner facilitates their own case
	GuestLink    string
	GuestName    string
	Live         bool
	Draft        bool
	Closed       bool
	// Rounds are the case's tension-field rounds the facilitator may link.
	Rounds []tension.Round
}

// methodForMeeting is the library of the organisation of the meeting's
// facilitator: everyone in the meeting sees the same words (methodlib.go).
func (s *Server) methodForMeeting(r *http.Request, m *meeting.Meeting) *method.Library {
	if m == nil {
		return s.methodFor(r)
	}
	return s.methodOfUser(r.Context(), m.FacilitatorID)
}

// methodForMeetingID is methodForMeeting for a facilitator's change, which has only the id.
func (s *Server) methodForMeetingID(r *http.Request, st meeting.Store, u *rotonde.User, mid int64) *method.Library {
	a, err := st.MeetingAccess(r.Context(), meeting.Viewer{User: u}, mid)
	if err != nil {
		return s.methodFor(r)
	}
	return s.methodForMeeting(r, a.Meeting)
}

func (s *Server) stepViews(r *http.Request, snap *meeting.Snapshot) ([]stepView, int) {
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	lib := s.methodForMeeting(r, &snap.Meeting)
	var out []stepView
	infos := map[string]*cardInfo{}
	for _, st := range snap.Steps {
		card, step, ok := meeting.StepText(lib, st)
		sv := stepView{Position: st.Position, Number: st.Position + 1, CardNo: card.Number, Card: card.Title.In(lang),
			Title: step.Title.In(lang), Text: step.Description.In(lang), Minutes: st.Minutes, Anonymous: st.Anonymous,
			Current: st.Position == snap.Meeting.CurrentStep && snap.Meeting.Status == meeting.Live,
			Done:    st.Position < snap.Meeting.CurrentStep || snap.Meeting.Status == meeting.Closed, Screen: st.Screen(),
			Before: step.BeforeMeeting}
		if ok {
			if infos[card.Key] == nil {
				ci := cardInfoOf(l, lib, card, lang)
				infos[card.Key] = &ci
			}
			sv.Info = infos[card.Key]
		} else {
			formStepView(&sv, st, l.T)
		}
		out = append(out, sv)
	}
	return out, meeting.MeetingMinutes(lib, snap.Steps)
}

func (s *Server) prepareData(r *http.Request, mid int64) (prepareView, meeting.Access, error) {
	st := s.store.Meetings
	snap, a, err := st.MeetingSnapshot(r.Context(), s.viewer(r, mid), mid)
	if err != nil {
		return prepareView{}, a, err
	}
	if a.Guest {
		return prepareView{}, a, rotonde.E(rotonde.ENotFound, "err.web.this_page_does_not_exist")
	}
	lang := langFrom(r.Context())
	v := prepareView{M: &snap.Meeting, Participants: snap.Participants, Facilitate: a.Facilitate, PrepOwn: a.Prep, OwnerWarn: a.Facilitate && a.OwnerFacilitates,
		Live: snap.Meeting.Status == meeting.Live, Draft: snap.Meeting.Status == meeting.Draft, Closed: snap.Meeting.Status == meeting.Closed}
	v.Steps, v.TotalMinutes = s.stepViews(r, snap)
	for _, st := range v.Steps {
		if st.Before {
			v.BeforeMinutes += st.Minutes
		}
	}
	lib := s.methodForMeeting(r, &snap.Meeting)
	l := s.cat.For(lang)
	// The label gives the meeting minutes; work before the meeting is named apart.
	minutes := func(c method.Card, variant string) string {
		m := fmt.Sprintf("%d min", c.MeetingMinutes(variant))
		if b := c.BeforeMinutes(variant); b > 0 {
			m += "; " + l.T("meeting.card.before", b)
		}
		return m
	}
	for _, c := range lib.ActiveCards() {
		if len(c.Variants) == 0 || len(c.Steps) > 0 {
			v.Cards = append(v.Cards, cardOption{Value: c.Key, Label: fmt.Sprintf("%d. %s (%s)", c.Number, c.Title.In(lang), minutes(c, ""))})
		}
		for _, vr := range c.Variants {
			v.Cards = append(v.Cards, cardOption{Value: c.Key + "/" + vr.Key, Label: fmt.Sprintf("%d. %s – %s (%s)", c.Number, c.Title.In(lang), vr.Title.In(lang), minutes(c, vr.Key))})
		}
		v.CardInfo = append(v.CardInfo, cardInfoOf(l, lib, c, lang))
	}
	if a.Facilitate && snap.Meeting.CaseID != 0 {
		if rounds, err := s.store.Tension.CaseRounds(r.Context(), userFrom(r.Context()), snap.Meeting.CaseID); err == nil {
			v.Rounds = rounds
		}
	}
	if a.Prep {
		if c, ok := lib.Card("facilitator"); ok {
			v.PrepSource = sourcesOf(l, lib, c.Source)
			for _, q := range c.Preparation {
				pq := prepQuestion{Key: q.Key, Question: q.Text.In(lang), Answer: snap.Meeting.Prep.Answers[q.Key]}
				if q.Hint != nil {
					pq.Hint = q.Hint.In(lang)
				}
				v.Prep = append(v.Prep, pq)
			}
		}
	}
	return v, a, nil
}

// handleMeeting shows the preparation page to facilitators and an overview to the others.
func (s *Server) handleMeeting(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDPage(w, r, "mid")
	if !ok {
		return
	}
	data, a, err := s.prepareData(r, mid)
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst", err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.renderTitled(w, r, http.StatusOK, "meeting_prepare", "meeting.prepare.title", data.M.Title, data, nil)
}

// meetingChange runs fn as a change to meeting mid. Its record (part,
// detail) commits with the change; with countInputs it also counts the
// anonymous inputs since the previous action in that transaction
// (web/anonymousinput.go). A change that succeeded is announced to the
// meeting's live pages.
func (s *Server) meetingChange(r *http.Request, a meeting.Access, mid int64, part, detail string, countInputs bool,
	fn func(st meeting.Store, u *rotonde.User, mid int64) (int64, error)) error {
	rec := s.auditMeetingNote(r, rotonde.AuditUpdate, a, mid, part, detail)
	if countInputs {
		rec.AnonymousInputsOf = mid
	}
	seq, err := fn(s.store.Meetings, userFrom(r.Context()), mid)
	if err != nil {
		rec.AnonymousInputsOf = 0 // a failed action counts nothing
	}
	err = s.auditedMeetingResult(r, rec, a, err)
	if err == nil {
		s.published(mid, seq)
	}
	return err
}

// facilitatorPost runs a facilitator's change and redirects back, or shows the refusal.
func (s *Server) facilitatorPost(w http.ResponseWriter, r *http.Request, part string, back string, fn func(st meeting.Store, u *rotonde.User, mid int64) (int64, error)) {
	mid, ok := s.pathIDForm(w, r, "mid")
	if !ok {
		return
	}
	a, _ := s.store.Meetings.MeetingAccess(r.Context(), meeting.Viewer{User: userFrom(r.Context())}, mid)
	if err := s.meetingChange(r, a, mid, part, "", true, fn); err != nil {
		s.renderError(w, r, err)
		return
	}
	if wantsJSON(r) {
		writeJSONOK(w)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/bijeenkomsten/%d%s", mid, back), http.StatusSeeOther)
}

func (s *Server) handleAddCard(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-agenda", "#agenda", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		key, variant, _ := strings.Cut(r.PostForm.Get("card"), "/")
		steps, err := meeting.StepsForCard(s.methodForMeetingID(r, st, u, mid), key, variant)
		if err != nil {
			return 0, err
		}
		return 0, st.AddSteps(r.Context(), u, mid, steps)
	})
}

func (s *Server) handleEditSteps(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-agenda", "#agenda", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		var edits []meeting.StepEdit
		for key, vals := range r.PostForm {
			p, ok := strings.CutPrefix(key, "min-")
			if !ok {
				continue
			}
			pos, err := strconv.Atoi(p)
			min, err2 := strconv.Atoi(strings.TrimSpace(vals[0]))
			if err != nil || err2 != nil {
				return 0, rotonde.E(rotonde.EInvalid, "err.web.fill_in_duration_in_whole_minutes")
			}
			edits = append(edits, meeting.StepEdit{Position: pos, Minutes: min, Anonymous: r.PostForm.Get("anon-"+p) != "",
				Remove: r.PostForm.Get("remove-"+p) != ""})
		}
		return 0, st.EditSteps(r.Context(), u, mid, edits)
	})
}

func (s *Server) handleSavePrep(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-voorbereiding", "#voorbereiding", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		p := meeting.Prep{Answers: map[string]string{}, CoFacilitator: r.PostForm.Get("co_facilitator"), Roles: r.PostForm.Get("roles")}
		if c, ok := s.methodForMeetingID(r, st, u, mid).Card("facilitator"); ok {
			for _, q := range c.Preparation {
				p.Answers[q.Key] = r.PostForm.Get("q-" + q.Key)
			}
		}
		return 0, st.SavePrep(r.Context(), u, mid, p)
	})
}

func (s *Server) handleStartMeeting(w http.ResponseWriter, r *http.Request) {
	if s.emptyAgendaBack(w, r) {
		return
	}
	s.facilitatorPost(w, r, "bijeenkomst-start", "/live", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		var seq int64
		var err error
		// A fresh code clashing with a live one is rare; try a few.
		for range 5 {
			seq, err = st.StartMeeting(r.Context(), u, mid, meeting.NewJoinCode())
			if err == nil || !strings.Contains(err.Error(), "try again") {
				break
			}
		}
		return seq, err
	})
}

func (s *Server) handleMoveStep(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-stap", "/live", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		from, err1 := strconv.Atoi(r.PostForm.Get("from"))
		to, err2 := strconv.Atoi(r.PostForm.Get("to"))
		if err1 != nil || err2 != nil {
			return 0, rotonde.E(rotonde.EInvalid, "err.web.choose_step")
		}
		return st.MoveStep(r.Context(), u, mid, from, to)
	})
}

func (s *Server) handleFilmCheck(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-film", "/live", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		return st.OpenFilmCheck(r.Context(), u, mid, r.PostForm.Get("open") == "1")
	})
}

func (s *Server) handleAdmit(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-deelnemers", "/live", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		pid, err := pathID(r, "pid")
		if err != nil {
			return 0, err
		}
		return st.Admit(r.Context(), u, mid, pid)
	})
}

func (s *Server) handleLinkRound(w http.ResponseWriter, r *http.Request) {
	s.facilitatorPost(w, r, "bijeenkomst-spanningsveld", "#spanningsveld", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		id, err := strconv.ParseInt(r.PostForm.Get("round"), 10, 64)
		if err != nil || id < 0 {
			return 0, rotonde.E(rotonde.EInvalid, "err.sqldb.choose_round_of_this_case")
		}
		return 0, st.LinkTensionRound(r.Context(), u, mid, id)
	})
}

func (s *Server) handleCloseMeeting(w http.ResponseWriter, r *http.Request) {
	if !s.confirmCloseMeeting(w, r) {
		return
	}
	s.facilitatorPost(w, r, "bijeenkomst-afsluiten", "/verslag", func(st meeting.Store, u *rotonde.User, mid int64) (int64, error) {
		a, err := st.MeetingAccess(r.Context(), meeting.Viewer{User: u}, mid)
		seq, cerr := st.CloseMeeting(r.Context(), u, mid, r.PostForm.Get("feedback"))
		if cerr == nil && err == nil {
			s.closedMeeting(w, r, a, mid) // web/undo.go
		}
		return seq, cerr
	})
}

// handleInviteGuest makes a one-time invitation link for a guest and shows it once.
func (s *Server) handleInviteGuest(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDForm(w, r, "mid")
	if !ok {
		return
	}
	st := s.store.Meetings
	u := userFrom(r.Context())
	token, hash := NewToken("g_")
	a, _ := st.MeetingAccess(r.Context(), meeting.Viewer{User: u}, mid)
	rec := s.auditMeetingNote(r, rotonde.AuditUpdate, a, mid, "bijeenkomst-deelnemers", "gast uitnodigen")
	msgs, err := s.guestMail(r, st, mid, r.PostForm.Get("email"), r.PostForm.Get("name"), s.absURL(r, "/gast/"+token))
	var p *meeting.Participant
	var sent *rotonde.PendingMail
	if err == nil {
		var ctx context.Context
		ctx, sent = withMail(r, msgs...)
		p, err = st.InviteGuest(ctx, u, mid, r.PostForm.Get("name"), hash, s.now().Add(7*24*time.Hour))
		s.mailSent(r, sent, err)
	}
	err = s.auditedMeetingResult(r, rec, a, err)
	if err != nil {
		if code := rotonde.ErrorCodeOf(err); code == rotonde.ENotFound || code == rotonde.EForbidden {
			s.renderError(w, r, err)
			return
		}
		data, _, derr := s.prepareData(r, mid)
		if derr != nil {
			s.renderError(w, r, derr)
			return
		}
		s.renderFormError(w, r, "meeting_prepare", "meeting.prepare.title", data, err)
		return
	}
	data, _, err := s.prepareData(r, mid)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data.GuestLink, data.GuestName = s.absURL(r, "/gast/"+token), p.Name
	v := s.newView(r, "meeting.prepare.title", data)
	v.Title = data.M.Title
	if sent != nil {
		v.Notice = v.L.T("mail.sent.guest", msgs[0].To)
	}
	s.renderView(w, r, http.StatusCreated, "meeting_prepare", v)
}

// absURL makes a link someone can pass on.
func (s *Server) absURL(r *http.Request, path string) string {
	if s.cfg.PublicURL != "" {
		return strings.TrimSuffix(s.cfg.PublicURL, "/") + path
	}
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies {
		scheme = "https"
	}
	return scheme + "://" + r.Host + path
}

type reportView struct {
	M          *meeting.Meeting
	R          *meeting.Report
	Facilitate bool
	CanExport  bool // exportMeeting: the Markdown and PDF links
	// Snapshots of the case's timeline and geno-sociogram, for members of
	// the case only: guests see what happened in the meeting, not the file.
	TimelineSVG template.HTML
	GenogramSVG template.HTML
	// The snapshots' headings, as in the PDF and Markdown (Report.SnapshotTitles).
	TimelineTitle, GenogramTitle string
	Tension                      []tensionChart
	Source                       sourceLine // of the work cards on the agenda
	NotHeld                      string     // the meeting has not been held yet: when it is planned
}

type tensionChart struct {
	Field, Left, Right, Text string
	SVG                      template.HTML
}

// addTension puts the spreads of the meeting's linked tension-field round
// into the report, for members of the case (through their own access to
// the round; spreads exist only once revealed, and small ones stay withheld).
func (s *Server) addTension(r *http.Request, a meeting.Access, m *meeting.Meeting, rep *meeting.Report) {
	u := userFrom(r.Context())
	if u == nil || a.Guest || m.TensionRoundID == 0 {
		return
	}
	v, err := s.store.Tension.ViewRound(r.Context(), u, m.TensionRoundID)
	if err != nil || v.Spreads == nil {
		return
	}
	lang := langFrom(r.Context())
	l := s.cat.For(lang)
	rep.TensionRound = v.Round.Name
	lib := s.methodOfUser(r.Context(), v.Round.FacilitatorID) // the round's words (methodlib.go)
	for i, k := range v.Round.Fields {
		if i >= len(v.Spreads) {
			break
		}
		tf := meeting.TensionField{Label: k, Spread: v.Spreads[i], Text: l.T("meeting.tension.withheld")}
		if f, ok := lib.Field(k); ok {
			tf.Label, tf.Left, tf.Right = f.Title.In(lang), f.Left.In(lang), f.Right.In(lang)
		}
		if sp := tf.Spread; sp.Shown {
			tf.Text = l.T("meeting.tension.line", l.Decimal(sp.Median, 1), sp.Min, sp.Max, sp.N)
		}
		rep.Tension = append(rep.Tension, tf)
	}
}

// tensionCharts draws the report's spreads for the page; the PDF draws the
// same rows (tension.RowOf) as strip plots.
func tensionCharts(rep *meeting.Report) []tensionChart {
	var charts []tensionChart
	for _, f := range rep.Tension {
		label := f.Label + ": " + f.Text
		charts = append(charts, tensionChart{Field: f.Label, Left: f.Left, Right: f.Right, Text: f.Text,
			SVG: template.HTML(tension.Chart{Label: label, Rows: []tension.Row{tension.RowOf("", f.Spread, f.Text)}}.SVG())})
	}
	return charts
}

// reportData builds the report for whoever asks, with the case's timeline
// and geno-sociogram for members of the case only.
func (s *Server) reportData(r *http.Request, mid int64) (*meeting.Snapshot, meeting.Access, *meeting.Report, error) {
	st := s.store.Meetings
	snap, a, err := st.MeetingSnapshot(r.Context(), s.viewer(r, mid), mid)
	if err == nil && a.Guest && !a.Participant.Admitted {
		err = rotonde.E(rotonde.EForbidden, "err.sqldb.facilitator_has_not_let_you_in")
	}
	if err != nil {
		return nil, a, nil, err
	}
	rep := meeting.BuildReport(snap, s.methodForMeeting(r, &snap.Meeting), langFrom(r.Context()), a.Prep)
	s.addTension(r, a, &snap.Meeting, rep)
	if u := userFrom(r.Context()); u != nil && !a.Guest && snap.Meeting.CaseID != 0 {
		rep.Events, rep.Genogram, rep.SnapshotAt = s.caseSnapshot(r, u, &snap.Meeting)
	}
	return snap, a, rep, nil
}

func (s *Server) handleReport(w http.ResponseWriter, r *http.Request) {
	mid, ok := s.pathIDPage(w, r, "mid")
	if !ok {
		return
	}
	snap, a, rep, err := s.reportData(r, mid)
	err = s.auditedMeeting(r, rotonde.AuditRead, a, mid, "bijeenkomst-verslag", err, "")
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	data := reportView{M: &snap.Meeting, R: rep, Facilitate: a.Facilitate, CanExport: exportMeeting(a) == nil, Tension: tensionCharts(rep)}
	data.TimelineSVG, data.GenogramSVG = snapshotSVGs(langFrom(r.Context()), rep.Events, rep.Genogram)
	data.TimelineTitle, data.GenogramTitle = rep.SnapshotTitles(langFrom(r.Context()), s.now())
	data.Source = s.agendaSources(r, snap)
	if rep.NotHeld {
		data.NotHeld = rep.NotHeldLine(langFrom(r.Context()))
	}
	s.renderTitled(w, r, http.StatusOK, "meeting_report", "meeting.report.title", rep.Title, data, nil)
}

var snapshotLinks = regexp.MustCompile(`<a href="[^"<>]*" xlink:href="[^"<>]*">`)

// caseSnapshot returns the case's timeline and geno-sociogram as they were
// when the meeting was closed, or for a meeting still open (or closed
// before snapshots were kept) as they are now, with a zero time. Both read
// through u's own access to the case; a part that cannot be read is left
// out, the report still shows.
func (s *Server) caseSnapshot(r *http.Request, u *rotonde.User, m *meeting.Meeting) ([]timeline.Event, *genogram.Genogram, time.Time) {
	st := s.store.Meetings
	frozen, ok, err := st.MeetingCaseSnapshot(r.Context(), u, m.ID, m.CaseID)
	if err != nil {
		return nil, nil, time.Time{}
	}
	if ok {
		return frozen.Events, frozen.Genogram, frozen.TakenAt
	}
	var events []timeline.Event
	if entries, err := s.store.Timeline.TimelineEvents(r.Context(), u, m.CaseID, timeline.Query{}); err == nil {
		events = timeline.EventsOf(entries)
	}
	g, _, err := s.store.Genogram.Genogram(r.Context(), u, m.CaseID)
	if err != nil {
		g = nil
	}
	return events, g, time.Time{}
}

// snapshotSVGs draws the report's snapshots for the page; a part that
// cannot be drawn is left out.
func snapshotSVGs(lang string, events []timeline.Event, g *genogram.Genogram) (tl, geno template.HTML) {
	if len(events) > 0 {
		var buf bytes.Buffer
		if timeline.Render(&buf, events, timeline.Options{Lang: lang, Width: 900, IDPrefix: "verslag-"}) == nil {
			// A snapshot is a picture: the zoom links of clusters become plain
			// groups (links inside role="img" confuse screen readers).
			svg := snapshotLinks.ReplaceAllString(buf.String(), "<g>")
			svg = strings.ReplaceAll(svg, "</a>", "</g>")
			tl = template.HTML(svg) // the renderer escapes all text; it writes no script
		}
	}
	if g != nil && len(g.Persons) > 0 {
		var buf bytes.Buffer
		if genogram.Render(&buf, g, genogram.Options{Lang: lang, Scale: focusScale}) == nil {
			geno = template.HTML(buf.String()) // the genogram package escapes every text it writes
		}
	}
	return tl, geno
}

// exportReport loads the report of the meeting in the path for download as
// format and logs the export (also a refused one); ok is false when the
// refusal has been answered.
func (s *Server) exportReport(w http.ResponseWriter, r *http.Request, format string) (mid int64, rep *meeting.Report, ok bool) {
	mid, ok = s.pathIDPage(w, r, "mid")
	if !ok {
		return 0, nil, false
	}
	_, a, rep, err := s.reportData(r, mid)
	if err == nil {
		err = exportMeeting(a)
	}
	err = s.auditedMeeting(r, rotonde.AuditExport, a, mid, "bijeenkomst-verslag", err, format)
	if err != nil {
		s.renderError(w, r, err)
		return 0, nil, false
	}
	return mid, rep, true
}

func (s *Server) handleReportPDF(w http.ResponseWriter, r *http.Request) {
	mid, rep, ok := s.exportReport(w, r, "pdf")
	if !ok {
		return
	}
	s.sendFile(w, r, nil, "application/pdf", fmt.Sprintf("verslag-bijeenkomst-%d.pdf", mid), func(out io.Writer) error {
		return report.WriteMeeting(out, rep, langFrom(r.Context()), s.now())
	})
}

func (s *Server) handleReportMarkdown(w http.ResponseWriter, r *http.Request) {
	mid, rep, ok := s.exportReport(w, r, "markdown")
	if !ok {
		return
	}
	sendAttachment(w, "text/markdown; charset=utf-8", fmt.Sprintf("verslag-bijeenkomst-%d.md", mid), []byte(rep.Markdown(langFrom(r.Context()), s.now())))
}
