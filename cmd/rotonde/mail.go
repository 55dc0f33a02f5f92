package main

import (
	"context"
	"errors"
	"log/slog"
	"time"

	"github.com/rotonde-jeugd/rotonde/mail"
	"github.com/rotonde-jeugd/rotonde/sqldb"
	"github.com/rotonde-jeugd/rotonde/web"
)

// checkMail validates the mail settings; nil sender without --smtp-url.
func (s *settings) checkMail() (*mail.Sender, error) {
	if s.smtpURL == "" {
		if s.mailFrom != "" {
			return nil, errors.New("ROTONDE_MAIL_FROM/--mail-from zonder ROTONDE_SMTP_URL/--smtp-url: geef ook de mailserver op (a from-address without a mail server: give --smtp-url too)")
		}
		return nil, nil
	}
	if s.mailFrom == "" {
		return nil, errors.New("ROTONDE_MAIL_FROM/--mail-from ontbreekt: met --smtp-url is een afzender verplicht, bijvoorbeeld \"Rotonde <rotonde@gemeente.example.nl>\" (missing: a from-address is required with --smtp-url)")
	}
	sender, err := mail.NewSender(s.smtpURL, s.mailFrom)
	if err != nil {
		// The URL may hold a password: the message names no part of it.
		return nil, errors.New("ROTONDE_SMTP_URL/--smtp-url of --mail-from klopt niet (is not right): " + err.Error())
	}
	return sender, nil
}

// startOutbox runs the mail outbox until ctx ends and then closes done;
// nil (and done closed) without a sender. The queue length is a metric
// (rotonde_mail_queue).
func startOutbox(ctx context.Context, db *sqldb.DB, log *slog.Logger, sender *mail.Sender, metrics *web.Metrics) (o *mail.Outbox, done <-chan struct{}) {
	d := make(chan struct{})
	if sender == nil {
		close(d)
		return nil, d
	}
	o = mail.NewOutbox(db.Mail, sender.Send, log)
	metrics.RegisterMailQueue(func() float64 {
		qctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := db.Mail.MailQueueLength(qctx)
		if err != nil {
			return -1
		}
		return float64(n)
	})
	log.Info("e-mail on", "server", sender.Server())
	go func() {
		defer close(d)
		o.Run(ctx)
	}()
	return o, d
}
