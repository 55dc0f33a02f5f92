package web

import "github.com/prometheus/client_golang/prometheus"

// RegisterMailQueue adds rotonde_mail_queue: the messages in the outbox not
// yet delivered (count reads the database; -1 when it cannot). A nil
// *Metrics records nothing.
func (m *Metrics) RegisterMailQueue(count func() float64) {
	if m == nil {
		return
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "rotonde_mail_queue",
		Help: "E-mail messages in the outbox that are not delivered yet.",
	}, count))
}
