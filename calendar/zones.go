package calendar

import (
	"sync"
	"time"
)

// Zones loads IANA time zones by name, each once. The zero value is ready
// to use; share one *Zones across the program.
type Zones struct {
	m sync.Map // name → *time.Location
}

// Load returns the location of an IANA zone name: UTC for "", "UTC",
// "Local" or a name that is not a zone (stored data may hold an old one).
func (z *Zones) Load(name string) *time.Location {
	loc, ok := z.Lookup(name)
	if !ok {
		return time.UTC
	}
	return loc
}

// Lookup returns the location of an IANA zone name and whether it is one
// ("Local" is not: it would be the server's zone).
func (z *Zones) Lookup(name string) (*time.Location, bool) {
	switch name {
	case "", "Local":
		return nil, false
	case "UTC":
		return time.UTC, true
	}
	if l, ok := z.m.Load(name); ok {
		return l.(*time.Location), true
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, false
	}
	z.m.Store(name, loc)
	return loc, true
}
