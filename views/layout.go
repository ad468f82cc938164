package views

import (
	"encoding/json"

	"github.com/a-h/templ"
)

// htmxConfig swaps 422 form re-renders and keeps htmx from injecting inline
// styles or evaluating script (the CSP forbids both).
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,` +
	`"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},{"code":"[45]..","swap":true,"error":true}]}`

func csrfHeaders(token string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": token})
	return string(b)
}

// current marks a navigation link as the current page (aria-current) when
// item is the section nav names; the other links carry no aria-current.
func current(nav, item string) templ.Attributes {
	if nav == item {
		return templ.Attributes{"aria-current": "page"}
	}
	return nil
}
