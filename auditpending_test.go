package rotonde

import "testing"

func TestPendingAuditCompletesOnTakeAndRestoresInOrder(t *testing.T) {
	p := &PendingAudit{}
	var id int64
	a := &AuditEntry{Detail: "a"}
	b := &AuditEntry{Detail: "b"}
	p.Add(a)
	p.AddCompleted(b, func(e *AuditEntry) { e.CaseID = id })
	id = 7 // known only once the change has been made
	got := p.Take()
	if len(got) != 2 || got[0] != a || got[1] != b || b.CaseID != 7 {
		t.Fatalf("take: %+v", got)
	}
	if len(p.Take()) != 0 {
		t.Fatal("take left records behind")
	}
	c := &AuditEntry{Detail: "c"}
	p.Add(c)
	p.Restore(got)
	id = 8
	again := p.Take()
	if len(again) != 3 || again[0] != a || again[1] != b || again[2] != c || b.CaseID != 7 {
		t.Fatalf("after restore: %+v (a completion runs once)", again)
	}
	var none *PendingAudit
	none.Add(a)
	none.AddCompleted(a, nil)
	none.Restore(got)
	if none.Take() != nil {
		t.Fatal("nil set holds records")
	}
}
