package views

import "encoding/json"

// htmxConfig swaps 422 form re-renders and keeps htmx from injecting inline
// styles or evaluating script (the CSP forbids both).
const htmxConfig = `{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false,"historyCacheSize":0,` +
	`"responseHandling":[{"code":"204","swap":false},{"code":"[23]..","swap":true},{"code":"422","swap":true},{"code":"[45]..","swap":true,"error":true}]}`

func csrfHeaders(token string) string {
	b, _ := json.Marshal(map[string]string{"X-CSRF-Token": token})
	return string(b)
}

func current(nav, item string) string {
	if nav == item {
		return "page"
	}
	return ""
}
