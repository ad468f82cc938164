package reliability

import (
	"bufio"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSIGTERMWithOpenStreams: pages following live updates keep their
// connections open for good; SIGTERM closes those streams at once, so the
// process exits in a few seconds, not after SHUTDOWN_TIMEOUT (20 s here).
func TestSIGTERMWithOpenStreams(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	app := startProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: rs.URL()}, "")
	createUser(t, dbURL, "stella", "stella password 1", "UTC")
	b := newBrowser(t, app.URL)
	b.mustLogin("stella", "stella password 1")
	stream := &http.Client{Jar: b.http.Jar} // no timeout: a stream lasts
	var ended []chan struct{}
	for range 3 {
		res, err := stream.Get(app.URL + "/events/stream")
		if err != nil {
			t.Fatal(err)
		}
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/event-stream") {
			t.Fatalf("stream: %d %v", res.StatusCode, res.Header)
		}
		line, err := bufio.NewReader(res.Body).ReadString('\n')
		if err != nil || !strings.HasPrefix(line, "retry:") {
			t.Fatalf("stream's first line %q, %v", line, err)
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			defer res.Body.Close()
			buf := make([]byte, 512)
			for {
				if _, err := res.Body.Read(buf); err != nil {
					return
				}
			}
		}()
		ended = append(ended, done)
	}
	start := time.Now()
	app.Terminate()
	if err := app.Wait(5 * time.Second); err != nil {
		t.Fatalf("exit with open streams: %v (after %s)\n%s", err, time.Since(start), app.Log)
	}
	for _, done := range ended {
		select {
		case <-done:
		case <-time.After(time.Second):
			t.Fatal("a stream was still open after the process exited")
		}
	}
}

// TestStreamsOutliveCacheRedisOutage: live updates travel through the
// cache's Redis. While it is down, writes still work (no live update, no
// error); when it returns, the open stream hears the next change without
// the page doing anything.
func TestStreamsOutliveCacheRedisOutage(t *testing.T) {
	dbURL := newDatabase(t)
	cacheRS, sessRS := startRedis(t), startRedis(t)
	app := startInProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: cacheRS.URL(), SessRedis: sessRS.URL()})
	createUser(t, dbURL, "luna", "luna password 1", "UTC")
	b := newBrowser(t, app.URL)
	b.mustLogin("luna", "luna password 1")
	day := time.Now().UTC().AddDate(0, 0, 2).Format("2006-01-02")

	res, err := (&http.Client{Jar: b.http.Jar}).Get(app.URL + "/events/stream")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("stream: %v %v", res, err)
	}
	defer res.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			if ev, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- ev
			}
		}
	}()
	heard := func(within time.Duration) bool {
		select {
		case <-events:
			return true
		case <-time.After(within):
			return false
		}
	}
	time.Sleep(200 * time.Millisecond) // subscribed in the background
	b.mustCreateEvent(eventForm("Before", "", day, 9))
	if !heard(2 * time.Second) {
		t.Fatal("no live update before the outage")
	}

	cacheRS.Kill()
	b.mustCreateEvent(eventForm("During", "", day, 10)) // fails the test on any error status
	cacheRS.Start()
	ok := poll(20*time.Second, func() bool {
		b.mustCreateEvent(eventForm("After", "", day, 11))
		return heard(time.Second)
	})
	if !ok {
		t.Fatal("the stream heard nothing after Redis returned")
	}
}
