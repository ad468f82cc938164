package views

// LoginForm is the sign-in form's view model.
type LoginForm struct {
	CSRFToken string
	Username  string
	Next      string
	Error     string // one message for the whole form
}
