package reliability

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestHostileInput: malformed ids, out-of-range numbers, a 20 MB body, bad
// Host headers and header-injection attempts each get a clean, small 4xx
// HTML page (with a request id, no stack, nothing reflected into a header),
// and the process never panics.
func TestHostileInput(t *testing.T) {
	dbURL := newDatabase(t)
	rs := startRedis(t)
	app := startInProcess(t, appOpts{DatabaseURL: dbURL, RedisURL: rs.URL(), Env: map[string]string{"ALLOWED_HOSTS": "127.0.0.1,localhost"}})
	createUser(t, dbURL, "jack", "jack password 1", "UTC")
	jack := newBrowser(t, app.URL)
	jack.mustLogin("jack", "jack password 1")
	addr := strings.TrimPrefix(app.URL, "http://")

	cleanPage := func(what string, status int, h http.Header, body string, want int) {
		t.Helper()
		if status != want {
			t.Errorf("%s: status %d, want %d: %s", what, status, want, snippet(body))
			return
		}
		if !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(body, "request <code>") {
			t.Errorf("%s: not the error page (Content-Type %q): %s", what, h.Get("Content-Type"), snippet(body))
		}
		if len(body) > 32<<10 || strings.Contains(body, "goroutine ") || strings.Contains(body, ".go:") {
			t.Errorf("%s: the error page is large or shows internals (%d bytes)", what, len(body))
		}
		for k, vs := range h {
			for _, v := range vs {
				if strings.ContainsAny(v, "\r\n") || strings.Contains(strings.ToLower(k), "evil") || strings.Contains(strings.ToLower(v), "evil") {
					t.Errorf("%s: header %s: %q reflects the input", what, k, v)
				}
			}
		}
	}

	for _, c := range []struct {
		path string
		want int
	}{
		{"/events/abc", 404}, {"/events/-1", 404}, {"/events/0", 404}, {"/events/+5", 404},
		{"/events/99999999999999999999999", 404}, {"/events/9223372036854775807", 404},
		{"/events/9223372036854775808/edit", 404}, {"/events/1e9", 404}, {"/events/%00", 404},
		{"/events/..%2f..%2fetc%2fpasswd", 404}, {"/events/%ff%fe", 404},
		{"/calendar?date=99999-01-01", 400}, {"/calendar?date=-0001-01-01", 400}, {"/calendar?date=0000-00-00", 400},
		{"/calendar?date=2025-02-30", 400}, {"/calendar?view=decade", 400}, {"/calendar?view=%3Cscript%3E", 400},
		{"/events?date=2025-13-01", 400},
		{"/search?q=x&page=-1", 400}, {"/search?q=x&page=0", 400}, {"/search?q=x&page=99999999999999999999", 400},
		{"/search?q=x&page=1e3", 400}, {"/search?q=%ff", 400}, {"/search?q=a%00b", 400},
		{"/search?q=" + strings.Repeat("long", 100), 400},
		{"/no/such/page", 404}, {"/assets/..%2fmain.go", 404}, {"/%2e%2e/%2e%2e/etc/passwd", 404},
	} {
		for _, hx := range [][]string{nil, {"HX-Request", "true"}} {
			p := jack.mustGet(c.path, hx...)
			if hx != nil {
				if p.Status != c.want || !strings.Contains(p.Body, "request <code>") {
					t.Errorf("GET %s (htmx): %d, want %d with the error fragment: %s", c.path, p.Status, c.want, snippet(p.Body))
				}
				continue
			}
			cleanPage("GET "+c.path, p.Status, p.Header, p.Body, c.want)
		}
	}

	// Invalid form input: a 422 form that keeps what was typed, never a 500.
	for name, form := range map[string]url.Values{
		"invalid UTF-8":  {"title": {"bad \xff\xfe"}, "start": {"2025-06-01T09:00"}, "end": {"2025-06-01T10:00"}},
		"NUL in title":   {"title": {"a\x00b"}, "start": {"2025-06-01T09:00"}, "end": {"2025-06-01T10:00"}},
		"huge year":      {"title": {"x"}, "start": {"99999999-06-01T09:00"}, "end": {"2025-06-01T10:00"}},
		"negative year":  {"title": {"x"}, "start": {"-2025-06-01T09:00"}, "end": {"2025-06-01T10:00"}},
		"end before":     {"title": {"x"}, "start": {"2025-06-02T09:00"}, "end": {"2025-06-01T10:00"}},
		"garbage times":  {"title": {"x"}, "start": {"\r\nSet-Cookie: evil=1"}, "end": {"%n%n%n"}},
		"10 MB of title": {"title": {strings.Repeat("t", 900_000)}, "start": {"2025-06-01T09:00"}, "end": {"2025-06-01T10:00"}},
		"bad colour":     {"title": {"x"}, "start": {"2025-06-01T09:00"}, "end": {"2025-06-01T10:00"}, "color": {"javascript:alert(1)"}},
		"all day, text":  {"title": {"x"}, "all_day": {"on"}, "start": {"yesterday"}},
	} {
		p := jack.mustPost("/events", form)
		if p.Status != http.StatusUnprocessableEntity {
			t.Errorf("POST /events with %s: %d, want 422: %s", name, p.Status, snippet(p.Body))
		}
	}
	if n := countEvents(t, dbURL); n != 0 {
		t.Errorf("invalid forms stored %d events", n)
	}

	// A 20 MB body is refused with the 413 page, announced or chunked.
	for _, chunked := range []bool{false, true} {
		status, h, body := rawRequest(t, addr, jack, chunked, 20<<20)
		cleanPage(fmt.Sprintf("20 MB body (chunked %v)", chunked), status, h, body, http.StatusRequestEntityTooLarge)
	}

	// A request line longer than fasthttp's read buffer (sent raw: the
	// server may answer and close before a client finished writing it).
	status, h, body := rawExchange(t, addr, "GET /events?date="+strings.Repeat("9", 5000)+" HTTP/1.1\r\nHost: localhost\r\n\r\n")
	cleanPage("a 5 KB request line", status, h, body, http.StatusRequestHeaderFieldsTooLarge)

	// Host names outside ALLOWED_HOSTS, and malformed ones.
	for _, host := range []string{"evil.example", "127.0.0.1.evil.example", "localhost.", "[::1]:1", "a b", "%0d%0a"} {
		req, _ := http.NewRequest(http.MethodGet, app.URL+"/login", nil)
		req.Host = host
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			continue // refused by the client itself
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		cleanPage("Host "+host, res.StatusCode, res.Header, string(b), http.StatusBadRequest)
	}
	for _, raw := range []string{
		"GET /login HTTP/1.1\r\nHost: evil.example\r\nHost: localhost\r\n\r\n",
		"GET /login HTTP/1.1\r\n\r\n",
		"GET /login HTTP/1.1\r\nHost: local\rhost\r\n\r\n",
		"GET /login HTTP/1.1\r\nHost: localhost\r\nX-Evil: a\rb\r\n\r\n",
		"GET /log in HTTP/1.1\r\nHost: localhost\r\n\r\n",
		"GET /login HTTP/1.1\r\nHost: localhost\r\nContent-Length: -5\r\n\r\n",
		"POST /events HTTP/1.1\r\nHost: localhost\r\nContent-Length: 99999999999999999999\r\n\r\n",
		"GET /login HTTP/1.1\r\nHost: localhost\r\n" + strings.Repeat("X-Pad: "+strings.Repeat("a", 1000)+"\r\n", 20) + "\r\n",
	} {
		status, h, body := rawExchange(t, addr, raw)
		if status == 0 {
			continue // the connection was closed: refused without an answer
		}
		if status < 400 || status >= 500 {
			t.Errorf("raw %q: status %d, want a 4xx: %s", firstLine(raw), status, snippet(body))
		}
		if strings.HasPrefix(h.Get("Content-Type"), "text/html") && !strings.Contains(body, "request <code>") {
			t.Errorf("raw %q: an HTML answer that is not the error page: %s", firstLine(raw), snippet(body))
		}
	}

	// CR/LF and off-site targets in `next` never reach a Location header.
	for _, next := range []string{
		"/\r\nSet-Cookie: evil=1", "/%0d%0aSet-Cookie:%20evil=1", "//evil.example", "/\\evil.example",
		"https://evil.example/", "javascript:alert(1)", "/\tevil", "\r\n/", "/events?x=\r\nX-Evil: 1",
	} {
		anon := newBrowser(t, app.URL)
		anon.mustGet("/login?next=" + url.QueryEscape(next))
		p := anon.mustPost("/login", url.Values{"username": {"jack"}, "password": {"jack password 1"}, "next": {next}})
		if loc := p.Header.Get("Location"); p.Status != http.StatusSeeOther || !localPath(loc) || strings.Contains(strings.Join(p.Header.Values("Set-Cookie"), ";"), "evil") {
			t.Errorf("login with next=%q: %d to %q (%v), want 303 to a local path", next, p.Status, loc, p.Header.Values("Set-Cookie"))
		}
		if p := anon.mustGet("/login?next=" + url.QueryEscape(next)); !localPath(p.Header.Get("Location")) {
			t.Errorf("signed in, GET /login?next=%q: to %q, want a local path", next, p.Header.Get("Location"))
		}
		p = anon.mustGet("/events/" + url.PathEscape(next))
		cleanPage("GET /events/"+next, p.Status, p.Header, p.Body, http.StatusNotFound)
	}
	// The return path of a signed-out request is escaped into the query.
	for _, h := range [][]string{nil, {"HX-Request", "true", "HX-Current-URL", "http://x/\tX-Evil:1"}} {
		p := newBrowser(t, app.URL).mustGet("/calendar?view=month&x=%0d%0aX-Evil:%201", h...)
		to := p.Header.Get("Location") + p.Header.Get("HX-Redirect")
		if !strings.HasPrefix(to, "/login?next=") || strings.ContainsAny(to, "\r\n\t ") {
			t.Errorf("redirect to sign in: %q", to)
		}
	}
	if strings.Contains(app.Log.String(), "panic") {
		t.Fatalf("the server panicked:\n%s", app.Log)
	}
}

// localPath reports whether a Location stays on this site: "/…", neither
// "//host" nor "/\\host", and no control characters (an escaped %0d%0a
// is only part of a path).
func localPath(loc string) bool {
	if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
		return false
	}
	for _, r := range loc {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	return true
}

// rawRequest posts n bytes of form body as b (with its cookies and token),
// announced with Content-Length or chunked, and reads the answer.
func rawRequest(t *testing.T, addr string, b *browser, chunked bool, n int) (int, http.Header, string) {
	t.Helper()
	u, _ := url.Parse(b.base)
	var cookies []string
	for _, c := range b.http.Jar.Cookies(u) {
		cookies = append(cookies, c.Name+"="+c.Value)
	}
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "POST /events HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/x-www-form-urlencoded\r\n" +
		"X-CSRF-Token: " + b.token() + "\r\nCookie: " + strings.Join(cookies, "; ") + "\r\n"
	if chunked {
		head += "Transfer-Encoding: chunked\r\n\r\n"
	} else {
		head += fmt.Sprintf("Content-Length: %d\r\n\r\n", n)
	}
	// Write in the background: the server may answer (and close) before
	// reading it all.
	go func() {
		if _, err := conn.Write([]byte(head)); err != nil {
			return
		}
		chunk := []byte("title=" + strings.Repeat("x", 64<<10-6))
		for sent := 0; sent < n; sent += len(chunk) {
			var err error
			if chunked {
				_, err = fmt.Fprintf(conn, "%x\r\n%s\r\n", len(chunk), chunk)
			} else {
				_, err = conn.Write(chunk)
			}
			if err != nil {
				return
			}
			chunk[0] = 'x' // later chunks continue the title
		}
		if chunked {
			_, _ = io.WriteString(conn, "0\r\n\r\n")
		}
	}()
	_ = conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%d byte body: no answer: %v", n, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

// rawExchange sends raw bytes and reads one answer (status 0 when the
// server closed the connection without one).
func rawExchange(t *testing.T, addr, raw string) (int, http.Header, string) {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, raw); err != nil {
		return 0, nil, ""
	}
	_ = conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, nil, ""
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, string(body)
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\r\n")
	return line
}
