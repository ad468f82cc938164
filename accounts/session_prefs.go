package accounts

import (
	"context"
	"strconv"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/db"
)

// A user's display settings (week start and time format) also live in
// their session epoch hash, field "p", as "<weekday>|<24h or 12h>": a
// change in Settings reaches the user's other signed-in sessions on their
// next request, read in the round trip that checks the session
// (sessionReadScript), without signing them out.
const prefsField = "p"

// prefsValue is the "p" field of user u's display settings.
func prefsValue(u db.User) string {
	return strconv.Itoa(int(u.WeekStart)) + "|" + u.TimeFormat
}

// applyPrefs puts the display settings of a "p" field (nil: none yet) into
// sess; a value that does not read changes nothing.
func applyPrefs(sess *Session, p any) {
	v, _ := p.(string)
	if len(v) < 3 || v[0] < '0' || v[0] > '6' || v[1] != '|' {
		return
	}
	clock, ok := calendar.ParseClock(v[2:])
	if !ok {
		return
	}
	sess.WeekStart, sess.Clock12 = int16(v[0]-'0'), clock == calendar.Clock12
}

// publishPrefs stores user u's display settings for their sessions. A
// failure is logged: the other sessions keep the old ones until they sign
// in again.
func (s *Service) publishPrefs(ctx context.Context, u db.User) {
	ctx, cancel := detached(ctx, 2*time.Second)
	defer cancel()
	key := s.cache.SessionEpochKey(u.ID)
	pipe := s.sessRedis.TxPipeline()
	pipe.HSet(ctx, key, prefsField, prefsValue(u))
	pipe.Expire(ctx, key, s.sessionLifetime)
	if _, err := pipe.Exec(ctx); err != nil {
		s.log.Warn("sharing new display settings with other sessions failed", "user", u.ID, "err", err)
	}
}
