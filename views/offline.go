package views

// The page background of the light and the dark colour scheme
// (assets/css/00-base.css --bg), for the browser's bars.
const (
	themeLight = "#fff"
	themeDark  = "#0d1117"
)
