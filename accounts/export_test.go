package accounts

// TimezoneProblem is timezoneProblem for the external tests.
var TimezoneProblem = timezoneProblem

// ZoneName is zoneName for the external tests.
var ZoneName = zoneName
