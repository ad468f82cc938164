package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/eventcal/eventcal/db"
)

// judged runs n concurrent calls and counts how many were judged (judge
// reports it from the error) and how many throttled.
func judged(n int, call func(i int) error, judge func(error) bool) (j, throttled int) {
	var nj, nt atomic.Int64
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			err := call(i)
			var th *ThrottledError
			switch {
			case errors.As(err, &th):
				nt.Add(1)
			case judge(err):
				nj.Add(1)
			}
		})
	}
	wg.Wait()
	return int(nj.Load()), int(nt.Load())
}

func TestConcurrentWrongLoginsJudgedAtMostFive(t *testing.T) {
	s := newService(t)
	u := newUser(t, s, "par")
	j, th := judged(60, func(i int) error {
		_, err := s.Authenticate(context.Background(), Credentials{Login: u.Username, Password: "wrong " + strconv.Itoa(i), IP: "192.0.2." + strconv.Itoa(i)})
		return err
	}, func(err error) bool { return errors.Is(err, ErrBadCredentials) })
	if j > LoginAccountMax || j+th != 60 {
		t.Fatalf("%d judged, %d throttled; want at most %d judged", j, th, LoginAccountMax)
	}
}

// TestAuthenticateWithCountsBeforeVerifying: the HTTP Basic entry point
// (CalDAV's) calls its verifier at most the allowance, per address too.
func TestAuthenticateWithCountsBeforeVerifying(t *testing.T) {
	s := newService(t)
	var calls atomic.Int64
	verify := func(db.User, string) bool { calls.Add(1); return false }
	judged(60, func(i int) error {
		_, err := s.AuthenticateWith(context.Background(), Credentials{Login: "basic" + strconv.Itoa(i), Password: "x", IP: "192.0.2.77"}, verify)
		return err
	}, func(error) bool { return false })
	if n := calls.Load(); n > LoginIPMax {
		t.Fatalf("verifier called %d times from one address, want at most %d", n, LoginIPMax)
	}
}

func TestConcurrentPasswordChecksJudgedAtMostFive(t *testing.T) {
	s := newService(t)
	u := newUser(t, s, "pwc")
	j, th := judged(60, func(i int) error {
		_, err := s.ChangePassword(context.Background(), u.ID, "", PasswordChange{
			Current: "wrong " + strconv.Itoa(i), New: "copper kettles whistle at dawn", Confirm: "copper kettles whistle at dawn", IP: "192.0.2.1"})
		return err
	}, func(err error) bool {
		var fe FieldErrors
		return errors.As(err, &fe) && fe["current_password"] != ""
	})
	if j > LoginAccountMax || j+th != 60 {
		t.Fatalf("%d judged, %d throttled; want at most %d judged", j, th, LoginAccountMax)
	}
}

func TestRegistrationThrottles(t *testing.T) {
	s := newService(t)
	s.limits = Limits{RegisterIPMax: 3, RegisterGlobalMax: 10}
	base := "reg_" + rand.Text()[:8] + "_"
	reg := func(i int, ip string) error {
		_, err := s.Register(context.Background(), Registration{Username: base + strconv.Itoa(i),
			Password: goodPassword, Confirm: goodPassword, Timezone: "UTC", IP: ip})
		return err
	}
	ok := func(err error) bool { return err == nil }
	if j, th := judged(6, func(i int) error { return reg(i, "192.0.2.5") }, ok); j != 3 || th != 3 {
		t.Fatalf("one address: %d registered, %d throttled; want 3 and 3", j, th)
	}
	// Every attempt counts globally (6 so far): 4 more from elsewhere reach
	// the global allowance (10); then none, whatever the address.
	if j, th := judged(4, func(i int) error { return reg(10+i, "198.51.100."+strconv.Itoa(i)) }, ok); j != 4 || th != 0 {
		t.Fatalf("everywhere: %d registered, %d throttled; want 4 and 0", j, th)
	}
	var th *ThrottledError
	if err := reg(20, "203.0.113.1"); !errors.As(err, &th) || th.Wait <= 0 || th.Wait > RegisterWindow {
		t.Fatalf("over the global allowance: %v", err)
	}
}
