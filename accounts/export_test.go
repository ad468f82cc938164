package accounts

// TimezoneProblem is timezoneProblem for the external tests.
var TimezoneProblem = timezoneProblem
