package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestKeyNames(t *testing.T) {
	c := New(nil, Config{Prefix: "eventcal:"}, nil, nil)
	sum := sha256.Sum256([]byte("team meeting\x003"))
	for got, want := range map[string]string{
		c.keyUpcoming(1):                      "eventcal:upcoming_events_1",
		c.keyDate(1, "2025-06-01"):            "eventcal:events_date_1_2025-06-01",
		c.keyEvent(42):                        "eventcal:event_42",
		c.keyGen(1):                           "eventcal:gen_1",
		c.keySearch(1, "team meeting", 3):     "eventcal:search_1_" + hex.EncodeToString(sum[:16]),
		globEscape("a*b?c[d]e\\f"):            `a\*b\?c\[d\]e\\f`,
		familyKeyPrefix(FamilyDate):           "events_date_",
		familyKeyPrefix(famUpcoming.String()): "upcoming_events_",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"":                     "",
		"  Team\t\n MEETING  ": "team meeting",
		"ÉTÉ   à\u00a0Paris":   "été à paris",
		"already normal":       "already normal",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}
