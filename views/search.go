package views

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// SearchPage is the search page's view model.
type SearchPage struct {
	Query   string // as typed, for the input
	Results SearchResults
}

// SearchResults is one rendering of the results region: the hint (no
// query), or one page of matches.
type SearchResults struct {
	Query    string // normalised; "" shows the hint
	Display  string // the query as typed, whitespace collapsed, for messages
	Page     int    // 1-based
	Items    []SearchResult
	First    int    // 1-based rank of Items[0]
	Total    int    // matches in all
	From     int    // rank of the first result on screen after this render
	To       int    // rank of the last result on screen
	MoreURL  string // the next page; "" when there is none
	FirstURL string // the first page (offered past the last one)
}

// SearchResult is one matching event.
type SearchResult struct {
	URL      string
	Title    []Segment
	Location []Segment // nil when the event has none
	Snippet  []Segment // part of the description around the match; nil when empty
	When     string    // the event's time in the viewer's zone, for people
	DateTime string    // the same for machines (<time datetime>)
	Past     bool
}

// Status is the sentence the results region announces, e.g.
// "3 events match “dentist”"; "" when there is no query.
func (r SearchResults) Status() string {
	if r.Query == "" {
		return ""
	}
	q := "“" + r.Display + "”"
	switch {
	case r.Total == 0 && r.Page > 1:
		return "No more events match " + q + "."
	case r.Total == 0:
		return "No events match " + q + "."
	case r.Total == 1:
		return "1 event matches " + q + "."
	}
	s := strconv.Itoa(r.Total) + " events match " + q
	if r.From > 1 || r.To < r.Total {
		s += ", showing " + strconv.Itoa(r.From) + "–" + strconv.Itoa(r.To)
	}
	return s + "."
}

// Segment is a run of text; Match runs are shown highlighted.
type Segment struct {
	Text  string
	Match bool
}

// Highlight splits text into segments, marking every non-overlapping
// case-insensitive occurrence of query (already normalised: lower-cased,
// spaces collapsed). The segments concatenate back to text exactly; they
// are plain text, escaped by the template like any other.
func Highlight(text, query string) []Segment {
	if text == "" {
		return nil
	}
	spans := matches(text, query)
	if len(spans) == 0 {
		return []Segment{{Text: text}}
	}
	segs := make([]Segment, 0, 2*len(spans)+1)
	at := 0
	for _, sp := range spans {
		if sp[0] > at {
			segs = append(segs, Segment{Text: text[at:sp[0]]})
		}
		segs = append(segs, Segment{Text: text[sp[0]:sp[1]], Match: true})
		at = sp[1]
	}
	if at < len(text) {
		segs = append(segs, Segment{Text: text[at:]})
	}
	return segs
}

// matches returns the byte ranges [start, end) of text that match query
// rune by rune under simple case folding (unicode.ToLower, which maps one
// rune to one rune, like strings.ToLower), left to right, not overlapping.
func matches(text, query string) [][2]int {
	if query == "" {
		return nil
	}
	q := []rune(query)
	for i, r := range q {
		q[i] = unicode.ToLower(r)
	}
	// Lower-cased runes of text, each with its byte offset.
	runes := make([]rune, 0, len(text))
	offs := make([]int, 0, len(text)+1)
	for i, r := range text {
		runes = append(runes, unicode.ToLower(r))
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	var out [][2]int
	for i := 0; i+len(q) <= len(runes); {
		if equalRunes(runes[i:i+len(q)], q) {
			out = append(out, [2]int{offs[i], offs[i+len(q)]})
			i += len(q)
			continue
		}
		i++
	}
	return out
}

func equalRunes(a, b []rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// Snippet returns about width runes of text around the first match of
// query, whitespace collapsed, with "…" where text was cut. Text without a
// match yields its beginning. The match is never cut off.
func Snippet(text, query string, width int) string {
	text = strings.Join(strings.Fields(text), " ")
	n := utf8.RuneCountInString(text)
	if n <= width {
		return text
	}
	// Work in rune indexes, then map back to bytes.
	offs := make([]int, 0, n+1)
	for i := range text {
		offs = append(offs, i)
	}
	offs = append(offs, len(text))
	runeAt := func(b int) int { // rune index of byte offset b
		lo, hi := 0, n
		for lo < hi {
			m := (lo + hi) / 2
			if offs[m] < b {
				lo = m + 1
			} else {
				hi = m
			}
		}
		return lo
	}
	start, end := 0, width
	if m := matches(text, query); len(m) > 0 {
		ms, me := runeAt(m[0][0]), runeAt(m[0][1])
		start = max(0, ms-width/3)
		end = min(n, max(start+width, me))
		if end-start < width {
			start = max(0, end-width)
		}
		// Start on a word when one begins shortly after the cut.
		if start > 0 {
			for i := start; i < ms && i < start+15; i++ {
				if text[offs[i]] == ' ' {
					start = i + 1
					break
				}
			}
		}
		end = trimToWord(text, offs, start, end, me, n)
	} else {
		end = trimToWord(text, offs, 0, end, 0, n)
	}
	s := text[offs[start]:offs[end]]
	if start > 0 {
		s = "…" + s
	}
	if end < n {
		s += "…"
	}
	return s
}

// trimToWord moves end back to the end of a word when a space lies within
// 15 runes of it, never before keep (the end of the match).
func trimToWord(text string, offs []int, start, end, keep, n int) int {
	if end >= n {
		return n
	}
	for i := end; i > start && i > keep && i > end-15; i-- {
		if text[offs[i]] == ' ' {
			return i
		}
	}
	return end
}
