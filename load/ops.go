package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// errStale marks a read that did not reflect the client's own write.
var errStale = errors.New("stale read")

// day picks a date within the next two years (spread out, so a month
// cell rarely overflows into "+N more").
func (c *client) day() string {
	return time.Now().UTC().AddDate(0, 0, 1+c.rng.IntN(730)).Format("2006-01-02")
}

func (c *client) form(title, day string) url.Values {
	h := 6 + c.rng.IntN(14)
	return url.Values{
		"title":       {title},
		"description": {"load test " + c.tag},
		"start":       {fmt.Sprintf("%sT%02d:00", day, h)},
		"end":         {fmt.Sprintf("%sT%02d:45", day, h)},
	}
}

// step does one operation; wrote reports whether it was a write.
func (c *client) step(ctx context.Context) (wrote bool, err error) {
	c.seq++
	switch r := c.rng.IntN(100); {
	case r < 35 || len(c.mine) == 0:
		return true, c.create(ctx)
	case r < 50:
		return true, c.update(ctx)
	case r < 60:
		return true, c.remove(ctx)
	}
	return false, c.read(ctx)
}

func (c *client) create(ctx context.Context) error {
	ev := event{title: fmt.Sprintf("L %s %d", c.tag, c.seq), day: c.day()}
	status, hdr, _, err := c.post(ctx, "/events", c.form(ev.title, ev.day))
	if err != nil {
		return fmt.Errorf("create: %w", err)
	}
	m := savedPath.FindStringSubmatch(hdr.Get("Location"))
	if status != http.StatusSeeOther || m == nil {
		return fmt.Errorf("create: status %d", status)
	}
	ev.id, _ = strconv.ParseInt(m[1], 10, 64)
	c.mine = append(c.mine, ev)
	return c.verify(ctx, ev, "")
}

func (c *client) update(ctx context.Context) error {
	k := c.rng.IntN(len(c.mine))
	old := c.mine[k]
	ev := event{id: old.id, title: fmt.Sprintf("L %s %d renamed", c.tag, c.seq), day: old.day}
	if c.rng.IntN(2) == 0 {
		ev.day = c.day() // moved too
	}
	status, _, _, err := c.post(ctx, "/events/"+strconv.FormatInt(ev.id, 10), c.form(ev.title, ev.day))
	if err != nil {
		return fmt.Errorf("update %d: %w", ev.id, err)
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("update %d: status %d", ev.id, status)
	}
	c.mine[k] = ev
	return c.verify(ctx, ev, old.day)
}

func (c *client) remove(ctx context.Context) error {
	k := c.rng.IntN(len(c.mine))
	ev := c.mine[k]
	c.mine = slices.Delete(c.mine, k, k+1)
	status, _, _, err := c.post(ctx, "/events/"+strconv.FormatInt(ev.id, 10)+"/delete", url.Values{})
	if err != nil {
		return fmt.Errorf("delete %d: %w", ev.id, err)
	}
	if status != http.StatusSeeOther {
		return fmt.Errorf("delete %d: status %d", ev.id, status)
	}
	id := strconv.FormatInt(ev.id, 10)
	if status, _, err := c.get(ctx, "/events/"+id, true); err != nil {
		return err
	} else if status != http.StatusNotFound {
		return fmt.Errorf("%w: deleted event %s answers %d", errStale, id, status)
	}
	for _, path := range []string{"/events?date=" + ev.day, "/calendar?view=month&date=" + ev.day} {
		status, body, err := c.get(ctx, path, true)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", path, status)
		}
		if slices.Contains(ids(body), ev.id) {
			return fmt.Errorf("%w: %s still shows deleted event %s", errStale, path, id)
		}
	}
	return nil
}

// verify reads the details, the day list and the month of ev right after
// writing it (and the day it left, when it moved).
func (c *client) verify(ctx context.Context, ev event, oldDay string) error {
	id := strconv.FormatInt(ev.id, 10)
	check := func(path string, want bool) error {
		status, body, err := c.get(ctx, path, true)
		if err != nil {
			return err
		}
		if status != http.StatusOK {
			return fmt.Errorf("GET %s: status %d", path, status)
		}
		shown := slices.Contains(ids(body), ev.id)
		switch {
		case want && strings.HasPrefix(path, "/calendar") && !shown && monthCellOverflows(body, ev.day):
			return nil // the month cell shows "+N more"; the day list is checked
		case want && (!shown || !strings.Contains(body, ev.title)):
			return fmt.Errorf("%w: %s does not show event %s %q", errStale, path, id, ev.title)
		case !want && shown:
			return fmt.Errorf("%w: %s still shows event %s on its old day", errStale, path, id)
		}
		return nil
	}
	if status, body, err := c.get(ctx, "/events/"+id, true); err != nil {
		return err
	} else if status != http.StatusOK || !strings.Contains(body, ev.title) {
		return fmt.Errorf("%w: details of %s do not show %q (status %d)", errStale, id, ev.title, status)
	}
	if err := check("/events?date="+ev.day, true); err != nil {
		return err
	}
	if err := check("/calendar?view=month&date="+ev.day, true); err != nil {
		return err
	}
	if oldDay != "" && oldDay != ev.day {
		return check("/events?date="+oldDay, false)
	}
	return nil
}

// read loads one view.
func (c *client) read(ctx context.Context) error {
	paths := []string{"/", "/upcoming", "/search?q=" + url.QueryEscape("L "+c.tag), "/calendar?view=week&date=" + c.day(), "/events?date=" + c.day()}
	if len(c.mine) > 0 {
		ev := c.mine[c.rng.IntN(len(c.mine))]
		paths = append(paths, "/events/"+strconv.FormatInt(ev.id, 10), "/calendar?view=month&date="+ev.day)
	}
	path := paths[c.rng.IntN(len(paths))]
	status, _, err := c.get(ctx, path, c.rng.IntN(2) == 0)
	if err != nil {
		return fmt.Errorf("GET %s: %w", path, err)
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", path, status)
	}
	return nil
}

// ids lists the event ids a page links to.
func ids(body string) []int64 {
	var out []int64
	for _, m := range eventLink.FindAllStringSubmatch(body, -1) {
		id, _ := strconv.ParseInt(m[1], 10, 64)
		out = append(out, id)
	}
	return out
}

// monthCellOverflows reports whether the month grid's cell for day shows
// "+N more" (its events are then on the day list only).
func monthCellOverflows(body, day string) bool {
	for _, cell := range strings.Split(body, "<td")[1:] {
		if strings.Contains(cell, "date="+day+`"`) {
			return strings.Contains(cell, " more<")
		}
	}
	return false
}
