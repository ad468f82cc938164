package views

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHighlight(t *testing.T) {
	m := func(s string) Segment { return Segment{Text: s, Match: true} }
	p := func(s string) Segment { return Segment{Text: s} }
	cases := []struct {
		text, query string
		want        []Segment
	}{
		{"", "x", nil},
		{"Dentist", "", []Segment{p("Dentist")}},
		{"Dentist", "dentist", []Segment{m("Dentist")}},
		{"See the DENTIST now", "dentist", []Segment{p("See the "), m("DENTIST"), p(" now")}},
		{"aaaa", "aa", []Segment{m("aa"), m("aa")}},
		{"aaa", "aa", []Segment{m("aa"), p("a")}},
		{"Team meeting, team lunch", "team", []Segment{m("Team"), p(" meeting, "), m("team"), p(" lunch")}},
		{"Café Zürich", "zürich", []Segment{p("Café "), m("Zürich")}},
		{"CAFÉ", "café", []Segment{m("CAFÉ")}},
		{"Party 🎉🎉", "🎉", []Segment{p("Party "), m("🎉"), m("🎉")}},
		{"İstanbul trip", "istanbul", []Segment{m("İstanbul"), p(" trip")}}, // İ folds to i, two bytes to one
		{"100% done", "%", []Segment{p("100"), m("%"), p(" done")}},
		{"<script>", "script", []Segment{p("<"), m("script"), p(">")}},
		{"no match here", "xyz", []Segment{p("no match here")}},
		{"short", "much longer query", []Segment{p("short")}},
	}
	for _, tc := range cases {
		got := Highlight(tc.text, tc.query)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Highlight(%q, %q) = %#v, want %#v", tc.text, tc.query, got, tc.want)
		}
		var b strings.Builder
		for _, s := range got {
			b.WriteString(s.Text)
		}
		if b.String() != tc.text {
			t.Errorf("Highlight(%q, %q) segments join to %q", tc.text, tc.query, b.String())
		}
	}
}

func TestHighlightInvalidUTF8KeepsBytes(t *testing.T) {
	text := "ab\xffcd"
	var b strings.Builder
	for _, s := range Highlight(text, "cd") {
		b.WriteString(s.Text)
	}
	if b.String() != text {
		t.Errorf("got %q", b.String())
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("lorem ipsum dolor sit amet ", 20) // 540 runes
	if got := Snippet("short  text\nhere", "x", 160); got != "short text here" {
		t.Errorf("short text: %q", got)
	}
	// No match: the beginning, cut at a word.
	got := Snippet(long, "zzz", 60)
	if !strings.HasPrefix(got, "lorem ipsum") || !strings.HasSuffix(got, "…") || utf8.RuneCountInString(got) > 61 {
		t.Errorf("no match: %q", got)
	}
	// A match deep inside: the window holds it, with ellipses on both sides.
	text := long + "the dentist said " + long
	got = Snippet(text, "dentist", 60)
	if !strings.Contains(got, "dentist") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") {
		t.Errorf("deep match: %q", got)
	}
	if n := utf8.RuneCountInString(got); n > 62 {
		t.Errorf("deep match: %d runes", n)
	}
	// Near the end: the window shifts left to stay full.
	got = Snippet(long+"dentist", "dentist", 60)
	if !strings.HasSuffix(got, "dentist") || !strings.HasPrefix(got, "…") {
		t.Errorf("end match: %q", got)
	}
	// A match longer than the window is kept whole.
	q := strings.Repeat("x", 100)
	got = Snippet(long+q+long, q, 60)
	if !strings.Contains(got, q) {
		t.Errorf("long match cut: %q", got)
	}
	// Multi-byte text is cut on rune boundaries.
	got = Snippet(strings.Repeat("é🎉 ", 100)+"Zürich", "zürich", 30)
	if !utf8.ValidString(got) || !strings.Contains(got, "Zürich") {
		t.Errorf("unicode: %q", got)
	}
}

func TestSearchStatus(t *testing.T) {
	cases := []struct {
		r    SearchResults
		want string
	}{
		{SearchResults{}, ""},
		{SearchResults{Query: "x", Display: "X", Page: 1}, "No events match “X”."},
		{SearchResults{Query: "x", Display: "X", Page: 3}, "No more events match “X”."},
		{SearchResults{Query: "x", Display: "X", Page: 1, Total: 1, From: 1, To: 1}, "1 event matches “X”."},
		{SearchResults{Query: "x", Display: "X", Page: 1, Total: 3, From: 1, To: 3}, "3 events match “X”."},
		{SearchResults{Query: "x", Display: "X", Page: 1, Total: 25, From: 1, To: 20}, "25 events match “X”, showing 1–20."},
		{SearchResults{Query: "x", Display: "X", Page: 2, Total: 25, From: 21, To: 25}, "25 events match “X”, showing 21–25."},
	}
	for _, tc := range cases {
		if got := tc.r.Status(); got != tc.want {
			t.Errorf("%+v: %q, want %q", tc.r, got, tc.want)
		}
	}
}

func TestSearchItemsEscapeSegments(t *testing.T) {
	r := SearchResults{Query: "script", Display: "script", Page: 1, First: 1, Total: 1, From: 1, To: 1, Items: []SearchResult{{
		URL:   "/events/1",
		Title: Highlight(`<script>alert("x")</script>`, "script"),
		When:  "Mon 2 Jun 2025, 10:00", DateTime: "2025-06-02T10:00:00Z",
	}}}
	var b strings.Builder
	if err := SearchLive(r).Render(context.Background(), &b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.Contains(out, "<script>") {
		t.Fatalf("unescaped: %s", out)
	}
	want := `&lt;<mark>script</mark>&gt;alert(&#34;x&#34;)&lt;/<mark>script</mark>&gt;`
	if !strings.Contains(out, want) {
		t.Errorf("want %s in %s", want, out)
	}
}
