package reminders

import (
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/events"
)

// TestMailTimeFormat: a reminder email says the time on the user's clock.
func TestMailTimeFormat(t *testing.T) {
	m := &mailer{from: "eventcal <eventcal@localhost>", baseURL: "http://cal.test", zones: &calendar.Zones{}}
	var d events.DeliveryEmail
	d.Title, d.Email, d.Timezone = "Dentist", "ann@example.com", "Europe/Berlin"
	d.StartsAt = time.Date(2025, 6, 12, 11, 30, 0, 0, time.UTC) // 13:30 in Berlin
	d.Occurrence = d.StartsAt
	for format, want := range map[string]string{"24h": "Thursday 12 June 2025, 13:30 (Europe/Berlin)",
		"12h": "Thursday 12 June 2025, 1:30 PM (Europe/Berlin)", "": "Thursday 12 June 2025, 13:30"} {
		d.TimeFormat = format
		msg, err := m.message(d)
		if err != nil {
			t.Fatal(err)
		}
		s := msg.GetGenHeader(mail.HeaderSubject)
		if len(s) != 1 {
			t.Fatalf("subject %v", s)
		}
		if subj, err := new(mime.WordDecoder).DecodeHeader(s[0]); err != nil || !strings.Contains(subj, want) {
			t.Errorf("%q: subject %q, want %q", format, subj, want)
		}
	}
}
