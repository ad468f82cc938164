package accounts

import (
	"errors"
	"strconv"
	"strings"
)

// Session is what a signed-in browser's session holds (stored under
// cache.SessionKey in the sessions' database). It is made only at sign-in.
type Session struct {
	UserID     int64
	Epoch      int64 // the user's session epoch at sign-in (StartSession)
	AuthAt     int64 // sign-in, unix seconds (SESSION_ABSOLUTE counts from it)
	SeenAt     int64 // last TTL refresh, unix seconds
	CSRFExpiry int64 // unix seconds
	WeekStart  int16 // time.Weekday
	Admin      bool
	Remember   bool // "Keep me signed in": the idle limit is SESSION_REMEMBER
	Clock12    bool // times read "1:00 PM" (Settings: time_format 12h)
	Username   string
	TZName     string
	CSRF       string // the session's CSRF token
}

// The flat encoding of a Session, version 1:
//
//	1|<uid>|<epoch>|<authAt>|<seenAt>|<csrfExpiry>|<weekStart>|<flags>|<n>:<username><n>:<tz><n>:<csrf>
//
// Numbers are canonical non-negative decimals (no sign, no leading zero);
// flags is 1 for admin plus 2 for remember-me plus 4 for the 12-hour
// clock; each string is its length
// in bytes, a colon, and the bytes. The user id comes first, as text, so
// the read script can name the user's epoch key from it (sessionReadScript).
const (
	sessionVersion = "1|"
	flagAdmin      = 1
	flagRemember   = 2
	flagClock12    = 4
	// maxSessionString bounds each string field (a username, a zone name,
	// a token are far shorter).
	maxSessionString = 1024
)

// errMalformedSession: a stored value is not a valid version-1 session.
var errMalformedSession = errors.New("malformed session value")

// isFlatSession reports whether v claims the flat encoding (it may still
// be malformed); anything else is an older format.
func isFlatSession(v string) bool { return strings.HasPrefix(v, sessionVersion) }

// AppendSession appends the flat encoding of s to b.
func AppendSession(b []byte, s *Session) []byte {
	b = append(b, sessionVersion...)
	flags := int64(0)
	if s.Admin {
		flags |= flagAdmin
	}
	if s.Remember {
		flags |= flagRemember
	}
	if s.Clock12 {
		flags |= flagClock12
	}
	for _, n := range [...]int64{s.UserID, s.Epoch, s.AuthAt, s.SeenAt, s.CSRFExpiry, int64(s.WeekStart), flags} {
		b = strconv.AppendInt(b, n, 10)
		b = append(b, '|')
	}
	for _, str := range [...]string{s.Username, s.TZName, s.CSRF} {
		b = strconv.AppendInt(b, int64(len(str)), 10)
		b = append(b, ':')
		b = append(b, str...)
	}
	return b
}

// validForStorage reports whether s can be encoded so that it decodes to
// the same value (numbers are stored without a sign).
func (s *Session) validForStorage() bool {
	return s.UserID > 0 && s.Epoch >= 0 && s.AuthAt >= 0 && s.SeenAt >= 0 && s.CSRFExpiry >= 0 &&
		s.WeekStart >= 0 && s.WeekStart <= 6 && len(s.Username) <= maxSessionString &&
		len(s.TZName) <= maxSessionString && len(s.CSRF) <= maxSessionString
}

// DecodeSession decodes a flat session value. Its strings share v's
// memory. Anything but a well-formed version-1 value is an error, never a
// panic.
func DecodeSession(v string) (Session, error) {
	var s Session
	if !isFlatSession(v) {
		return s, errMalformedSession
	}
	rest := v[len(sessionVersion):]
	var nums [7]int64
	for i := range nums {
		n, r, ok := cutNumber(rest, '|')
		if !ok {
			return Session{}, errMalformedSession
		}
		nums[i], rest = n, r
	}
	var strs [3]string
	for i := range strs {
		n, r, ok := cutNumber(rest, ':')
		if !ok || n > maxSessionString || n > int64(len(r)) {
			return Session{}, errMalformedSession
		}
		strs[i], rest = r[:n], r[n:]
	}
	flags, ws := nums[6], nums[5]
	if rest != "" || nums[0] == 0 || ws > 6 || flags > flagAdmin|flagRemember|flagClock12 {
		return Session{}, errMalformedSession
	}
	s = Session{UserID: nums[0], Epoch: nums[1], AuthAt: nums[2], SeenAt: nums[3], CSRFExpiry: nums[4],
		WeekStart: int16(ws), Admin: flags&flagAdmin != 0, Remember: flags&flagRemember != 0,
		Clock12: flags&flagClock12 != 0, Username: strs[0], TZName: strs[1], CSRF: strs[2]}
	return s, nil
}

// cutNumber reads a canonical non-negative decimal up to sep from s and
// returns it and what follows sep.
func cutNumber(s string, sep byte) (int64, string, bool) {
	i := strings.IndexByte(s, sep)
	if i <= 0 || i > 19 || (s[0] == '0' && i > 1) {
		return 0, "", false
	}
	var n int64
	for _, c := range []byte(s[:i]) {
		if c < '0' || c > '9' {
			return 0, "", false
		}
		d := int64(c - '0')
		if n > (1<<63-1-d)/10 {
			return 0, "", false
		}
		n = n*10 + d
	}
	return n, s[i+1:], true
}
