package live

import "context"

type originKey struct{}

// WithOrigin marks ctx as a request from the page with origin id, so the
// change it makes is not sent back to that page (it shows it already).
func WithOrigin(ctx context.Context, id string) context.Context {
	if id == "" {
		return ctx
	}
	return context.WithValue(ctx, originKey{}, id)
}

// OriginOf returns the origin WithOrigin put in ctx ("" for none).
func OriginOf(ctx context.Context) string {
	s, _ := ctx.Value(originKey{}).(string)
	return s
}
