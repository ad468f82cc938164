package quickadd_test

import (
	"fmt"
	"time"

	"github.com/eventcal/eventcal/calendar"
	"github.com/eventcal/eventcal/quickadd"
)

func ExampleParse() {
	loc, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, loc) // a Wednesday
	for _, text := range []string{
		"Dentist fri 9:30-10:15 at Main St 5",
		"Holiday Dec 24-26",
		"Standup every weekday 9:15",
	} {
		r, err := quickadd.Parse(text, now, loc, time.Monday)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s | %s | %q\n", r.Title, r.Summary(calendar.Clock24), r.Rule)
	}
	_, err := quickadd.Parse("Lunch with Ann", now, loc, time.Monday)
	fmt.Println(err)
	// Output:
	// Dentist | Fri 4 Dec 09:30–10:15 · at Main St 5 | ""
	// Holiday | Thu 24 Dec – Sat 26 Dec, all day | ""
	// Standup | Wed 2 Dec 09:15–10:15 · Every weekday | "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"
	// quickadd: Found no date or time in “Lunch with Ann”. Add one, like “tomorrow 13:00”, “fri 9:30-10:15”, “Dec 24” or “every mon”.
}
