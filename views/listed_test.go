package views

import (
	"math/rand/v2"
	"testing"
)

// randomListed is an event list with everything an item can hold: an
// occurrence, a location or none, and texts needing escaping.
func randomListed(r *rand.Rand) []ListedEvent {
	texts := []string{"Team meeting", "", `<script>alert("x")</script> & 'q'`, "Café ☕ 会議", "a&b", "Tom's \"big\" day", "<>&\"'"}
	evs := make([]ListedEvent, 1+r.IntN(6))
	for i := range evs {
		evs[i] = ListedEvent{ID: r.Int64N(1e12) - 5e11, Occ: pick(r, "", "20250610T090000Z", "a&b<c\"'"),
			Title: pick(r, texts...), Location: pick(r, texts...), Color: pick(r, "blue", "red", "green", `x"y`),
			When: pick(r, "Mon 9 Jun, 09:30–10:30", "All day", "<&>"), Datetime: pick(r, "2025-06-10", "2025-06-10T09:00:00+02:00", `"<>`)}
	}
	return evs
}

// TestListedGolden renders event lists and compares them with
// testdata/listed.golden.html, the items' markup as a templ template of
// them rendered it (one list a line).
func TestListedGolden(t *testing.T) {
	var lists [][]ListedEvent
	for seed := range uint64(6) {
		lists = append(lists, randomListed(rand.New(rand.NewPCG(seed, 13))))
	}
	checkGolden(t, "testdata/listed.golden.html", lists, listedEvents, []string{`<li class="c-blue"><a href="/events/`,
		"?occ=a&amp;b&lt;c&#34;&#39;", "<span>", "</time> </li>", "&lt;script&gt;", `<time datetime="2025-06-10T09:00:00+02:00">`, "会議"})
}
