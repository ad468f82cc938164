package handlers

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/eventcal/eventcal/accounts"
)

// rawPost submits a form from a goroutine (no t.Fatal): the status and the
// Retry-After header, or 0 on a transport error.
func rawPost(c *client, path string, form url.Values, headers ...string) (int, string) {
	form.Set("_csrf", c.csrf)
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		return 0, ""
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	setHeaders(req, headers)
	res, err := c.http.Do(req)
	if err != nil {
		return 0, ""
	}
	res.Body.Close()
	return res.StatusCode, res.Header.Get("Retry-After")
}

// countStatuses runs n concurrent calls of post and counts their statuses;
// every 429 must carry Retry-After.
func countStatuses(t *testing.T, n int, post func(i int) (int, string)) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	var noRetry atomic.Int32
	for i := range n {
		wg.Go(func() {
			status, retry := post(i)
			if status == http.StatusTooManyRequests && retry == "" {
				noRetry.Add(1)
			}
			mu.Lock()
			got[status]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if noRetry.Load() > 0 {
		t.Errorf("%d answers 429 without Retry-After", noRetry.Load())
	}
	return got
}

// TestConcurrentWrongLoginsJudgedAtMostFive: 60 parallel guesses for one
// account; at most LoginAccountMax are judged (422), the rest are 429.
func TestConcurrentWrongLoginsJudgedAtMostFive(t *testing.T) {
	ts := startServer(t, ownRedis(t))
	name := uniqueName(t)
	createUser(t, name, goodPassword, "UTC", false)
	clients := make([]*client, 60)
	for i := range clients {
		clients[i] = ts.client(t)
		clients[i].get("/login")
	}
	got := countStatuses(t, len(clients), func(i int) (int, string) {
		return rawPost(clients[i], "/login", url.Values{"username": {name}, "password": {"wrong password " + strconv.Itoa(i)}})
	})
	if got[http.StatusUnprocessableEntity] > accounts.LoginAccountMax || got[http.StatusTooManyRequests] < 60-accounts.LoginAccountMax {
		t.Fatalf("statuses %v: want at most %d judged (422), the rest 429", got, accounts.LoginAccountMax)
	}
}

// TestRegistrationThrottledPerAddress: 15 registrations from one address,
// at most 10 succeed; the rest are 429 with Retry-After.
func TestRegistrationThrottledPerAddress(t *testing.T) {
	ts := startServer(t, ownRedis(t), func(d *Deps) { d.Config.RegisterIPMax = 10 })
	base := uniqueName(t)
	clients := make([]*client, 15)
	for i := range clients {
		clients[i] = ts.client(t)
		clients[i].get("/register")
	}
	got := countStatuses(t, len(clients), func(i int) (int, string) {
		return rawPost(clients[i], "/register", url.Values{"username": {base + "_" + strconv.Itoa(i)},
			"password": {goodPassword}, "password_confirm": {goodPassword}, "timezone": {"UTC"}})
	})
	if got[http.StatusSeeOther] > 10 || got[http.StatusTooManyRequests] < 5 {
		t.Fatalf("statuses %v: want at most 10 accounts (303), the rest 429", got)
	}
}
