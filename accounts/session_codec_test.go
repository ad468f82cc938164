package accounts

import (
	"strings"
	"testing"
)

// sampleSessions are sessions the codec must carry unchanged.
var sampleSessions = []Session{
	{UserID: 1},
	{UserID: 42, Epoch: 7, AuthAt: 1749556800, SeenAt: 1749560400, CSRFExpiry: 1749643200, WeekStart: 6,
		Admin: true, Remember: true, Username: "ann", TZName: "Europe/Berlin", CSRF: "tok-_123"},
	{UserID: 1<<63 - 1, Epoch: 1<<63 - 1, Username: "a|b:c", TZName: "|", CSRF: "3:abc"},
	{UserID: 9, Username: "Zoë 東京", TZName: "America/Argentina/Buenos_Aires", Admin: true},
	{UserID: 10, WeekStart: 0, Clock12: true, Remember: true, Username: "bo", TZName: "UTC"},
}

// TestSessionCodecRoundTrip: every field survives, and the value starts
// with "1|<uid>|<epoch>|" for the read script.
func TestSessionCodecRoundTrip(t *testing.T) {
	for _, s := range sampleSessions {
		b := AppendSession(nil, &s)
		got, err := DecodeSession(string(b))
		if err != nil || got != s {
			t.Fatalf("round trip of %+v: %q -> %+v, %v", s, b, got, err)
		}
	}
	b := AppendSession(nil, &sampleSessions[1])
	if want := "1|42|7|"; !strings.HasPrefix(string(b), want) {
		t.Fatalf("encoding %q does not start with %q", b, want)
	}
	v := string(b)
	if a := testing.AllocsPerRun(100, func() { _, _ = DecodeSession(v) }); a != 0 {
		t.Fatalf("decode allocates %v times", a)
	}
}

// TestSessionCodecRefusesMalformed: anything but a well-formed value is an
// error, never a panic: truncations, extra bytes, non-canonical numbers.
func TestSessionCodecRefusesMalformed(t *testing.T) {
	good := string(AppendSession(nil, &sampleSessions[1]))
	bad := []string{
		"", "1", "1|", "2|1|0|0|0|0|0|0|0:0:0:", "1|0|0|0|0|0|0|0|0:0:0:", // no user
		"1|01|0|0|0|0|0|0|0:0:0:",   // leading zero: the script would name another key
		"1|-1|0|0|0|0|0|0|0:0:0:",   // sign
		"1|+1|0|0|0|0|0|0|0:0:0:",   // sign
		"1|1|0|0|0|0|7|0|0:0:0:",    // week start
		"1|1|0|0|0|0|0|8|0:0:0:",    // flags
		"1|1|0|0|0|0|0|0|0:0:0:x",   // trailing bytes
		"1|1|0|0|0|0|0|0|0:0:1:",    // string past the end
		"1|1|0|0|0|0|0|0|0:0:",      // a string missing
		"1|1|0|0|0|0|0|0|0:0:-1:",   // negative length
		"1|1|0|0|0|0|0|0|9999:0:0:", // too long
		"1|1|0|0|0|0|0|0|99999999999999999999:0:0:",
		"1|9223372036854775808|0|0|0|0|0|0|0:0:0:", // overflow
		"1|1|0|0|0|0|0|0|0:0:0:\x00",
		"1|1|0|0|0 |0|0|0|0:0:0:",
		"\x0f\xff\x81\x03\x01\x01\x03map", // gob, an older format
	}
	for i := range len(good) {
		bad = append(bad, good[:i])
	}
	for _, v := range bad {
		if s, err := DecodeSession(v); err == nil {
			t.Errorf("DecodeSession(%q) accepted: %+v", v, s)
		}
	}
	// Unstorable sessions are refused before they reach Redis.
	for _, s := range []Session{{}, {UserID: -1}, {UserID: 1, AuthAt: -1}, {UserID: 1, WeekStart: 7},
		{UserID: 1, Username: strings.Repeat("x", maxSessionString+1)}} {
		if s.validForStorage() {
			t.Errorf("%+v would be stored", s)
		}
	}
}

// FuzzDecodeSession: decoding never panics, and whatever decodes encodes
// back to the same bytes (one encoding per session).
func FuzzDecodeSession(f *testing.F) {
	for _, s := range sampleSessions {
		f.Add(string(AppendSession(nil, &s)))
	}
	f.Add("1|1|0|0|0|0|0|0|0:0:0:")
	f.Fuzz(func(t *testing.T, v string) {
		s, err := DecodeSession(v)
		if err != nil {
			return
		}
		if back := string(AppendSession(nil, &s)); back != v {
			t.Fatalf("%q decodes to %+v, which encodes as %q", v, s, back)
		}
	})
}
