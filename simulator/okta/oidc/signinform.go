package oidc

import (
	"html"
	"net/url"
	"regexp"
)

// Sign-in form fields. A scripted browser posts all of them to the form's
// action, with the cookies it got with the page.
const (
	FieldRequestID = "request_id"
	FieldCSRFToken = "csrf_token"
	FieldUsername  = "username"
	FieldPassword  = "password"
)

// SignInForm is the sign-in page as a scripted browser reads it.
type SignInForm struct {
	// Action is the path the form posts to (PathSignIn).
	Action string
	// Hidden holds the hidden fields (request id and CSRF token).
	Hidden url.Values
	// Username is the prefilled username (login_hint, or what was typed).
	Username string
	// Message is the refusal shown above the form, or "".
	Message string
}

var (
	formActionRE  = regexp.MustCompile(`<form id="signin-form" method="post" action="([^"]*)">`)
	hiddenInputRE = regexp.MustCompile(`<input type="hidden" name="(\w+)" value="([^"]*)">`)
	usernameRE    = regexp.MustCompile(`<input id="username" name="username"[^>]*value="([^"]*)"`)
	messageRE     = regexp.MustCompile(`<p class="error" id="signin-error" role="alert">([^<]*)</p>`)
)

// ParseSignInForm reads the sign-in form out of a page served by the
// provider; ok is false when the page holds no form (an error page, say).
func ParseSignInForm(page string) (form SignInForm, ok bool) {
	action := formActionRE.FindStringSubmatch(page)
	if action == nil {
		return SignInForm{}, false
	}
	form = SignInForm{Action: html.UnescapeString(action[1]), Hidden: url.Values{}}
	for _, m := range hiddenInputRE.FindAllStringSubmatch(page, -1) {
		form.Hidden.Set(m[1], html.UnescapeString(m[2]))
	}
	if m := usernameRE.FindStringSubmatch(page); m != nil {
		form.Username = html.UnescapeString(m[1])
	}
	if m := messageRE.FindStringSubmatch(page); m != nil {
		form.Message = html.UnescapeString(m[1])
	}
	return form, true
}

// Values returns the body to post for these credentials.
func (f SignInForm) Values(username, password string) url.Values {
	v := url.Values{}
	for k, vs := range f.Hidden {
		v[k] = append([]string(nil), vs...)
	}
	v.Set(FieldUsername, username)
	v.Set(FieldPassword, password)
	return v
}
