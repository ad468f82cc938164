package reminders_test

import (
	"bufio"
	"io"
	"net"
	"sync"
	"testing"

	"github.com/emersion/go-smtp"
)

// sink is a real SMTP server that keeps what it receives; it answers a
// temporary failure (451) to the first failFirst messages.
type sink struct {
	mu        sync.Mutex
	msgs      []mailMsg
	failFirst int
	attempts  int
	addr      string
}

type mailMsg struct {
	from string
	to   []string
	data string
}

func startSink(t *testing.T, failFirst int) *sink {
	t.Helper()
	k := &sink{failFirst: failFirst}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{k: k}, nil }))
	s.Domain = "localhost"
	s.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	k.addr = ln.Addr().String()
	go func() { _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close() })
	return k
}

func (k *sink) messages() []mailMsg {
	k.mu.Lock()
	defer k.mu.Unlock()
	return append([]mailMsg(nil), k.msgs...)
}

type session struct {
	k   *sink
	cur mailMsg
}

func (s *session) Reset()        { s.cur = mailMsg{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.cur.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.cur.to = append(s.cur.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.k.mu.Lock()
	defer s.k.mu.Unlock()
	s.k.attempts++
	if s.k.attempts <= s.k.failFirst {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	s.cur.data = string(b)
	s.k.msgs = append(s.k.msgs, s.cur)
	return nil
}

// bufioWriter is a flushing writer over w for a stream.
func bufioWriter(w io.Writer) *bufio.Writer { return bufio.NewWriter(w) }
