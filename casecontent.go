package rotonde

import (
	"context"
	"strings"
	"time"
)

// DreamAnswer is one answer to a dream question of a case (Hoofdstuk 1).
// The child's questions have one shared answer per case (ForUser 0); the
// professional's questions are personal: each professional keeps their own
// (ForUser is their user id).
type DreamAnswer struct {
	CaseID      int64
	QuestionKey string
	ForUser     int64
	Answer      string
	WrittenBy   int64
	WrittenName string // filled on reads
	WrittenAt   time.Time
}

// MaxDreamAnswer is the longest answer, in characters.
const MaxDreamAnswer = 4000

// Validate trims and checks an answer before it is stored. An empty answer
// means "remove".
func (a *DreamAnswer) Validate() error {
	a.Answer = strings.TrimSpace(a.Answer)
	a.QuestionKey = strings.TrimSpace(a.QuestionKey)
	if a.QuestionKey == "" || len(a.QuestionKey) > 64 {
		return E(EInvalid, "err.rotonde.unknown_question")
	}
	for _, r := range a.QuestionKey {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return E(EInvalid, "err.rotonde.unknown_question")
		}
	}
	if len([]rune(a.Answer)) > MaxDreamAnswer {
		return E(EInvalid, "err.rotonde.answer_is_too_long_at_most", MaxDreamAnswer)
	}
	return nil
}

// DreamService keeps the answers to the dream questions. Reads need case
// access; writes follow policy.CanAnswerDream and policy.CanAnswerOwnDream.
type DreamService interface {
	// DreamAnswers lists a case's answers: the shared ones and every
	// professional's own, ordered by question key.
	DreamAnswers(ctx context.Context, actor *User, caseID int64) ([]DreamAnswer, error)
	// SaveDreamAnswers stores the given answers in one transaction. Only
	// answers whose text changed are stamped with the actor and time; an
	// empty answer removes it. ForUser must be 0 or the actor's own id.
	SaveDreamAnswers(ctx context.Context, actor *User, caseID int64, answers []DreamAnswer) error
}
