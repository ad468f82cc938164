package handlers

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// TestDeactivationSticksUnderLoad: a user hammering the app with 30
// concurrent requests while being deactivated is signed out afterwards,
// every time. The requests send only the session cookie, so each one
// writes its copy of the session back (a new CSRF token).
func TestDeactivationSticksUnderLoad(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	for round := range 5 {
		name := uniqueName(t) + strconv.Itoa(round)
		u := createUser(t, name, goodPassword, "UTC", false)
		c := ts.client(t)
		c.login(name, goodPassword)
		cookie := sessionCookieName(ts.H.cfg) + "=" + c.cookie(sessionCookieName(ts.H.cfg))
		hammer := func() int {
			req, _ := http.NewRequest(http.MethodGet, ts.URL+"/", nil)
			req.Header.Set("Cookie", cookie)
			res, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				return 0
			}
			res.Body.Close()
			return res.StatusCode
		}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 30 {
			wg.Go(func() {
				for {
					select {
					case <-stop:
						return
					default:
						hammer()
					}
				}
			})
		}
		time.Sleep(30 * time.Millisecond)
		if err := ts.H.accounts.SetActive(context.Background(), u.ID, false); err != nil {
			t.Fatal(err)
		}
		time.Sleep(30 * time.Millisecond)
		close(stop)
		wg.Wait()
		if status := hammer(); status != http.StatusSeeOther {
			t.Fatalf("round %d: deactivated user still signed in (GET / answered %d)", round, status)
		}
	}
}
