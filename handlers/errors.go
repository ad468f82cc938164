package handlers

import (
	"errors"
	"log/slog"

	"github.com/gofiber/fiber/v2"

	"github.com/eventcal/eventcal/db"
	"github.com/eventcal/eventcal/events"
	"github.com/eventcal/eventcal/views"
)

// errUnavailable marks a failure of a backing service the user can retry.
var errUnavailable = errors.New("service unavailable")

// statusError is an error with the status and message a user should see.
type statusError struct {
	status  int
	title   string
	message string
	retry   string
	err     error
}

func (e *statusError) Error() string {
	if e.err != nil {
		return e.title + ": " + e.err.Error()
	}
	return e.title
}

func (e *statusError) Unwrap() error { return e.err }

func notFound() error {
	return &statusError{status: fiber.StatusNotFound, title: "Not found", message: "There is nothing here. It may have been deleted, or the link is wrong."}
}

func badRequest(msg string) error {
	return &statusError{status: fiber.StatusBadRequest, title: "Bad request", message: msg}
}

func forbidden(msg string) error {
	return &statusError{status: fiber.StatusForbidden, title: "Forbidden", message: msg}
}

// unavailable wraps a backing-service failure as a 503 the user may retry.
func unavailable(what string, err error) error {
	return &statusError{
		status:  fiber.StatusServiceUnavailable,
		title:   what + " temporarily unavailable",
		message: "Something eventcal depends on is not answering. Please try again in a moment.",
		retry:   "",
		err:     errors.Join(errUnavailable, err),
	}
}

// handleError is the one error handler: it logs (5xx as errors, 4xx as
// warnings), then renders an error page, or a small fragment for htmx.
func (h *Handler) handleError(c *fiber.Ctx, err error) error {
	page := views.ErrorPage{
		Status:    fiber.StatusInternalServerError,
		Title:     "Something went wrong",
		Message:   "The error has been logged. Please try again.",
		RequestID: requestID(c),
	}
	if page.RequestID == "" {
		page.RequestID = h.stamp(c) // refused by fasthttp before any middleware
	}
	var se *statusError
	var fe *fiber.Error
	switch {
	case errors.As(err, &se):
		page.Status, page.Title, page.Message, page.Retry = se.status, se.title, se.message, se.retry
	case db.Unavailable(err), errors.Is(err, events.ErrPlansUnavailable):
		page.Status, page.Title, page.Message = fiber.StatusServiceUnavailable, titleFor(fiber.StatusServiceUnavailable), messageFor(fiber.StatusServiceUnavailable)
	case errors.Is(err, events.ErrForbidden):
		page.Status, page.Title, page.Message = fiber.StatusForbidden, "Forbidden", "You may look at this, but not change it."
	case errors.Is(err, db.ErrNotFound):
		page.Status, page.Title, page.Message = fiber.StatusNotFound, "Not found", "There is nothing here. It may have been deleted, or the link is wrong."
	case errors.As(err, &fe):
		page.Status = fe.Code
		page.Title, page.Message = titleFor(fe.Code), messageFor(fe.Code)
	}
	if page.Status == fiber.StatusServiceUnavailable && page.Retry == "" {
		page.Retry = string(c.Request().URI().RequestURI())
		if c.Method() != fiber.MethodGet {
			page.Retry = "/"
		}
	}

	attrs := []any{"status", page.Status, "method", c.Method(), "path", logPath(c), "request_id", page.RequestID, "err", logErr(err)}
	if page.Status >= 500 {
		h.log.LogAttrs(c.UserContext(), slog.LevelError, "request failed", slog.Group("req", attrs...))
	} else {
		h.log.LogAttrs(c.UserContext(), slog.LevelWarn, "request refused", slog.Group("req", attrs...))
	}

	// A response may have been half written; start again.
	c.Response().ResetBody()
	c.Response().Header.Del(fiber.HeaderETag)
	c.Set(fiber.HeaderCacheControl, "no-store")
	if page.Status == fiber.StatusServiceUnavailable {
		c.Set(fiber.HeaderRetryAfter, "5")
	}
	c.Vary(hxRequest)
	if isFragment(c) {
		return h.write(c, page.Status, views.ErrorContent(page))
	}
	s := h.shell(c)
	s.Title = page.Title
	return h.write(c, page.Status, views.ErrorFull(s, page))
}

func titleFor(code int) string {
	switch code {
	case fiber.StatusNotFound:
		return "Not found"
	case fiber.StatusMethodNotAllowed:
		return "Method not allowed"
	case fiber.StatusRequestEntityTooLarge:
		return "Too large"
	case fiber.StatusTooManyRequests:
		return "Too many requests"
	case fiber.StatusForbidden:
		return "Forbidden"
	case fiber.StatusServiceUnavailable:
		return "Temporarily unavailable"
	}
	if code >= 500 {
		return "Something went wrong"
	}
	return "Bad request"
}

func messageFor(code int) string {
	switch code {
	case fiber.StatusNotFound:
		return "There is nothing here. It may have been deleted, or the link is wrong."
	case fiber.StatusMethodNotAllowed:
		return "That action is not available at this address."
	case fiber.StatusRequestEntityTooLarge:
		return "What you sent is larger than eventcal accepts."
	case fiber.StatusTooManyRequests:
		return "Please wait a moment and try again."
	case fiber.StatusServiceUnavailable:
		return "Something eventcal depends on is not answering. Please try again in a moment."
	}
	if code >= 500 {
		return "The error has been logged. Please try again."
	}
	return "The request could not be understood."
}
