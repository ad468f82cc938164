// Package e2e holds eventcal's end-to-end tests: a real server on a loopback
// port (started in-process on the package's own database and Redis prefix,
// with a fixed clock), driven by Debian's Chromium through chromedp.
//
//   - TestFlowWithJavaScript and TestFlowWithoutJavaScript: a user's whole
//     story, through htmx fragments and dialogs, then through full pages
//     and plain forms.
//   - TestRemindersWithoutJavaScript: a default reminder from the settings
//     starts the new-event form, and the event's page lists its reminders.
//   - TestResponsive: no sideways page scroll and 44 px tap targets at
//     360×740; screenshots at 360×740 and 1280×800 in a temporary
//     directory whose path the test logs.
//   - TestAccessibility: axe-core (npm ci installs it in node_modules) on
//     every kind of page, signed out and in, at both sizes: 0 violations.
//   - TestBudgets: the first page and the fragments, gzip-compressed as
//     sent, against the size budgets.
//
// Without /usr/bin/chromium (or node_modules/axe-core) the browser tests
// skip, and fail when CI=true. The package has no code of its own.
package e2e
