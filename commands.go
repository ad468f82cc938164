package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/eventcal/eventcal/accounts"
	"github.com/eventcal/eventcal/db"
)

// createSuperuser makes an administrator. The password comes from
// EVENTCAL_PASSWORD or a prompt, never from a flag.
func (a *app) createSuperuser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("createsuperuser", flag.ContinueOnError)
	username := fs.String("username", "", "username")
	email := fs.String("email", "", "email (optional)")
	tz := fs.String("timezone", "UTC", "IANA time zone")
	if err := fs.Parse(args); err != nil {
		return usageError(err.Error())
	}
	if _, err := db.Migrate(ctx, a.pool); err != nil {
		return err
	}
	in := bufio.NewReader(stdin)
	prompt := func(label string) (string, error) {
		fmt.Fprint(stdout, label)
		s, err := in.ReadString('\n')
		if err != nil && !(errors.Is(err, io.EOF) && s != "") {
			return "", fmt.Errorf("reading %s: %w", strings.TrimSpace(strings.TrimSuffix(label, ": ")), err)
		}
		return strings.TrimSpace(s), nil
	}
	var err error
	if *username == "" {
		if *username, err = prompt("Username: "); err != nil {
			return err
		}
	}
	if err := accounts.CheckUsername(*username); err != nil {
		return usageError(err.Error())
	}
	if err := accounts.CheckEmail(*email); err != nil {
		return usageError(err.Error())
	}
	password := os.Getenv("EVENTCAL_PASSWORD")
	if password == "" {
		if password, err = prompt("Password: "); err != nil {
			return err
		}
	}
	if err := accounts.CheckPassword(password, *username, *email); err != nil {
		return usageError("password refused: " + err.Error())
	}
	if _, err := time.LoadLocation(*tz); err != nil {
		return usageError("unknown time zone " + *tz)
	}
	hash, err := accounts.HashPassword(password, accounts.BcryptCost)
	if err != nil {
		return err
	}
	u, err := a.store.CreateUser(ctx, db.CreateUserParams{
		Username: *username, Email: *email, PasswordHash: hash, Timezone: *tz, IsAdmin: true,
	})
	if db.IsUniqueViolation(err, "") {
		return usageError("that username or email is taken")
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "created administrator %q (id %d)\n", u.Username, u.ID)
	return nil
}
