package reminders

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/wneessen/go-mail"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// mailer sends reminder emails over SMTP (none when SMTP_URL is unset).
type mailer struct {
	host    string
	opts    []mail.Option
	from    string
	baseURL string
	zones   *calendar.Zones
}

// newMailer reads SMTP_URL: smtp://user:pass@host:port (STARTTLS when the
// server offers it) or smtps://… (TLS from the start).
func newMailer(cfg Config, log *slog.Logger) (*mailer, error) {
	m := &mailer{from: cfg.MailFrom, baseURL: strings.TrimRight(cfg.BaseURL, "/"), zones: &calendar.Zones{}}
	if cfg.SMTPURL == "" {
		return m, nil
	}
	u, err := url.Parse(cfg.SMTPURL)
	if err != nil {
		return nil, fmt.Errorf("SMTP_URL: %w", err)
	}
	m.host = u.Hostname()
	m.opts = []mail.Option{mail.WithTimeout(15 * time.Second), mail.WithTLSPolicy(mail.TLSOpportunistic)}
	if u.Scheme == "smtps" {
		m.opts = append(m.opts, mail.WithSSL())
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil {
			return nil, fmt.Errorf("SMTP_URL: bad port %q", p)
		}
		m.opts = append(m.opts, mail.WithPort(n))
	}
	if u.User != nil {
		pw, _ := u.User.Password()
		m.opts = append(m.opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(u.User.Username()), mail.WithPassword(pw))
	}
	log.Info("reminder emails on", "smtp", m.host)
	return m, nil
}

func (m *mailer) enabled() bool { return m.host != "" }

// emailArgs is the email of one delivered reminder.
type emailArgs struct {
	DeliveryID int64 `json:"delivery_id"`
}

func (emailArgs) Kind() string { return "reminder_email" }

// emailWorker sends reminder emails; River retries a failure with backoff.
type emailWorker struct {
	river.WorkerDefaults[emailArgs]
	q *Queue
}

// Work sends one email, at most once: the delivery is marked before the
// message goes and unmarked when sending fails, so a retry sends it and a
// success is never repeated.
func (w *emailWorker) Work(ctx context.Context, job *river.Job[emailArgs]) error {
	q := w.q
	d, err := q.events.DeliveryForEmail(ctx, job.Args.DeliveryID)
	if err != nil {
		return river.JobCancel(err) // the user is gone
	}
	if d.Email == "" {
		return nil
	}
	if claimed, err := q.events.ClaimEmail(ctx, d.ID); err != nil || !claimed {
		return err // nil when sent already
	}
	msg, err := q.mail.message(d)
	if err == nil {
		err = q.mail.send(ctx, msg)
	}
	if err != nil {
		_ = q.events.ReleaseEmail(context.WithoutCancel(ctx), d.ID)
		var se *mail.SendError
		if errors.As(err, &se) && !se.IsTemp() {
			q.log.Warn("reminder email refused", "delivery", d.ID, "err", err)
			return river.JobCancel(err)
		}
		return err
	}
	return nil
}

func (m *mailer) send(ctx context.Context, msg *mail.Msg) error {
	c, err := mail.NewClient(m.host, m.opts...)
	if err != nil {
		return err
	}
	return c.DialAndSendWithContext(ctx, msg)
}

// message is the email of a delivery: plain text and HTML.
func (m *mailer) message(d events.DeliveryEmail) (*mail.Msg, error) {
	loc := m.zones.Load(d.Timezone)
	clock, _ := calendar.ParseClock(d.TimeFormat)
	start := d.StartsAt.In(loc)
	when := start.Format("Monday 2 January 2006") + ", " + clock.Time(start) + " (" + loc.String() + ")"
	if d.AllDay {
		when = d.StartsAt.In(loc).Format("Monday 2 January 2006") + ", all day"
	}
	link := m.baseURL + "/events/" + strconv.FormatInt(d.EventID, 10)
	if !d.Occurrence.Equal(d.StartsAt) || d.Occurrence.IsZero() {
		link += "?occ=" + events.FormatOcc(d.Occurrence)
	}
	msg := mail.NewMsg()
	if err := msg.From(m.from); err != nil {
		return nil, fmt.Errorf("MAIL_FROM: %w", err)
	}
	if err := msg.To(d.Email); err != nil {
		return nil, river.JobCancel(err)
	}
	msg.Subject("Reminder: " + d.Title + " — " + when)
	msg.SetMessageID()
	msg.SetDate()
	text := d.Title + "\n" + when + "\n"
	if d.Location != "" {
		text += d.Location + "\n"
	}
	text += "\n" + link + "\n"
	msg.SetBodyString(mail.TypeTextPlain, text)
	var html strings.Builder
	if err := emailHTML.Execute(&html, map[string]string{"Title": d.Title, "When": when, "Location": d.Location, "Link": link}); err != nil {
		return nil, err
	}
	msg.AddAlternativeString(mail.TypeTextHTML, html.String())
	return msg, nil
}

// emailHTML is the HTML part of a reminder email.
var emailHTML = template.Must(template.New("email").Parse(`<!doctype html>
<html><body style="font-family:system-ui,sans-serif">
<h1 style="font-size:1.25rem">{{.Title}}</h1>
<p>{{.When}}</p>
{{if .Location}}<p>{{.Location}}</p>{{end}}
<p><a href="{{.Link}}">Open in eventcal</a></p>
</body></html>`))
