package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/accounts"
)

// How the accounts service's errors become answers: 429 for throttled
// requests (the counting is in accounts), field problems for forms.

// throttled answers 429 with Retry-After of secs seconds (at least 1).
func throttled(c *fiber.Ctx, secs int, title, message string) error {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(max(secs, 1)))
	return &statusError{status: fiber.StatusTooManyRequests, title: title, message: message}
}

// tooManyAttempts answers a throttled sign-in or password check.
func tooManyAttempts(c *fiber.Ctx, wait time.Duration) error {
	secs := max(int(wait.Round(time.Second)/time.Second), 1)
	mins := (secs + 59) / 60
	when := "a minute"
	if mins > 1 {
		when = fmt.Sprintf("%d minutes", mins)
	}
	return throttled(c, secs, "Too many attempts",
		"There have been too many failed attempts to sign in. For your security, please wait "+when+" and try again.")
}

// feedTooMany answers a throttled feed request (whole seconds, rounded up).
func feedTooMany(c *fiber.Ctx, wait time.Duration) error {
	return throttled(c, int((wait+time.Second-1)/time.Second), "Too many requests",
		"This calendar address was asked for too often. Please try again later.")
}

// asThrottled returns the wait of a *accounts.ThrottledError.
func asThrottled(err error) (time.Duration, bool) {
	var t *accounts.ThrottledError
	if errors.As(err, &t) {
		return t.Wait, true
	}
	return 0, false
}

// asFieldErrors returns the field problems of an accounts error.
func asFieldErrors(err error) (accounts.FieldErrors, bool) {
	var fe accounts.FieldErrors
	ok := errors.As(err, &fe)
	return fe, ok
}
