package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
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
		c.keyFeed(7):                          "eventcal:feed_7",
		c.SessionKey("abc"):                   "eventcal:session_abc",
		c.UserSessionsKey(7):                  "eventcal:user_sessions_7",
		c.SessionEpochKey(7):                  "eventcal:user_epoch_7",
		c.SessionEpochKeyPrefix() + "8":       "eventcal:user_epoch_8",
		c.RegisterThrottleIPKey("192.0.2.1"):  "eventcal:throttle_register_ip_192.0.2.1",
		c.RegisterThrottleAllKey():            "eventcal:throttle_register_all",
		c.LoginThrottleUserKey(7):             "eventcal:throttle_login_user_7",
		c.LoginThrottleNameKey(" Ann "):       "eventcal:throttle_login_name_" + hex16("ann"),
		c.LoginThrottleIPKey("192.0.2.1"):     "eventcal:throttle_login_ip_192.0.2.1",
		c.FeedThrottleTokenKey("tok"):         "eventcal:throttle_feed_token_" + hex16("tok"),
		c.FeedThrottleIPKey("2001:db8::/64"):  "eventcal:throttle_feed_ip_2001:db8::/64",
		c.ImportPreviewKey(7, "x1"):           "eventcal:import_7_x1",
		c.ImportPendingKey(7):                 "eventcal:import_pending_7",
		c.ImportLockKey(7):                    "eventcal:import_lock_7",
		familyKeyPrefix(FamilyFeed):           "feed_",
		familyKeyPrefix(FamilyCals):           "calendars_",
		familyKeyPrefix(FamilyPage):           "page_",
		c.keyPage(7, "month"):                 "eventcal:page_7_" + hex16("month"),
		globEscape("a*b?c[d]e\\f"):            `a\*b\?c\[d\]e\\f`,
		familyKeyPrefix(FamilyDate):           "events_date_",
		familyKeyPrefix(famUpcoming.String()): "upcoming_events_",
	} {
		if got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// hex16 is the hex of the first 16 bytes of sha256(s).
func hex16(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// TestFamilyPrefixesAreDisjoint: no key eventcal writes falls under a cache
// family it does not belong to, so Stats and DropAll see exactly the cache.
func TestFamilyPrefixesAreDisjoint(t *testing.T) {
	c := New(nil, Config{Prefix: "p:"}, nil, nil)
	others := []string{c.SessionKey("s"), c.UserSessionsKey(1), c.SessionEpochKey(1), c.LoginThrottleUserKey(1),
		c.LoginThrottleNameKey("n"), c.LoginThrottleIPKey("ip"), c.FeedThrottleTokenKey("t"),
		c.FeedThrottleIPKey("ip"), c.ImportPreviewKey(1, "i"), c.RegisterThrottleIPKey("ip"), c.RegisterThrottleAllKey()}
	own := map[string]string{FamilyUpcoming: c.keyUpcoming(1), FamilyDate: c.keyDate(1, "2025-06-01"),
		FamilyEvent: c.keyEvent(1), FamilySearch: c.keySearch(1, "q", 1), FamilyFeed: c.keyFeed(1), FamilyCals: c.keyCals(1),
		FamilyPage: c.keyPage(1, "id"), FamilyGen: c.keyGen(1)}
	for _, name := range familyNames() {
		p := "p:" + familyKeyPrefix(name)
		if !strings.HasPrefix(own[name], p) {
			t.Errorf("%s key %q is not under %q", name, own[name], p)
		}
		for other, k := range own {
			if other != name && strings.HasPrefix(k, p) {
				t.Errorf("%s key %q falls under family %s", other, k, name)
			}
		}
		for _, k := range others {
			if strings.HasPrefix(k, p) {
				t.Errorf("%q falls under family %s", k, name)
			}
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

// TestUniqueDates: repeated dates are dropped, the first of each kept in
// its place; a range's days come back as they are.
func TestUniqueDates(t *testing.T) {
	days := []string{"2025-06-01", "2025-06-02", "2025-06-03"}
	if got := unique(days); &got[0] != &days[0] || len(got) != 3 {
		t.Errorf("a range's days: %v", got)
	}
	for _, tc := range []struct{ in, want []string }{
		{[]string{"2025-06-02", "2025-06-01", "2025-06-02"}, []string{"2025-06-02", "2025-06-01"}},
		{[]string{"2025-06-01", "2025-06-01"}, []string{"2025-06-01"}},
		{[]string{"2025-06-03", "2025-06-01"}, []string{"2025-06-03", "2025-06-01"}},
		{nil, nil},
	} {
		if got := unique(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("unique(%v) = %v, want %v", tc.in, got, tc.want)
		}
	}
	many := make([]string, 100)
	for i := range many {
		many[i] = strconv.Itoa(i % 7)
	}
	if got := unique(many); !slices.Equal(got, []string{"0", "1", "2", "3", "4", "5", "6"}) {
		t.Errorf("unique of 100 = %v", got)
	}
}
