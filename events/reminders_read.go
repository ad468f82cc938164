package events

import (
	"context"
	"errors"

	"github.com/eventcal/eventcal/db"
)

// DeliveryEmail is a sent reminder with its user's address and zone.
type DeliveryEmail = db.GetDeliveryRow

// DeliveryForEmail returns a sent reminder for its email.
func (s *Service) DeliveryForEmail(ctx context.Context, id int64) (DeliveryEmail, error) {
	d, err := s.store.GetDelivery(ctx, id)
	return d, db.NotFound(err)
}

// ClaimEmail marks a reminder's email as sent before it goes; false when
// it already was.
func (s *Service) ClaimEmail(ctx context.Context, id int64) (bool, error) {
	_, err := s.store.MarkReminderEmailed(ctx, id)
	if errors.Is(db.NotFound(err), db.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}

// ReleaseEmail gives back a claimed email that could not be sent.
func (s *Service) ReleaseEmail(ctx context.Context, id int64) error {
	return s.store.UnmarkReminderEmailed(ctx, id)
}

// SentReminder is a sent reminder, with whether its event is still there
// and is a series.
type SentReminder = db.RecentDeliveriesRow

// RecentReminders lists user uid's latest sent reminders, newest first.
func (s *Service) RecentReminders(ctx context.Context, uid int64, limit int) ([]SentReminder, error) {
	return s.store.RecentDeliveries(ctx, db.RecentDeliveriesParams{UserID: uid, Limit: int32(limit)})
}

// DefaultReminder is user uid's reminder for new events, in minutes
// (nil: none).
func (s *Service) DefaultReminder(ctx context.Context, uid int64) (*int32, error) {
	return s.store.GetDefaultReminder(ctx, uid)
}

// SetDefaultReminder sets user uid's reminder for new events (nil: none).
func (s *Service) SetDefaultReminder(ctx context.Context, uid int64, minutes *int32) error {
	if minutes != nil && (*minutes < 0 || *minutes > MaxReminderMinutes) {
		return &FormError{FieldErrors{"default_reminder": "A reminder is a number of minutes before the start, from 0 to 40320 (4 weeks)."}}
	}
	return s.store.SetDefaultReminder(ctx, db.SetDefaultReminderParams{ID: uid, DefaultReminder: minutes})
}
