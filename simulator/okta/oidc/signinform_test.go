package oidc

import (
	"net/http"
	"net/url"
	"testing"
)

// TestParseSignInForm reads back what the provider renders, including a
// refusal message and an escaped username.
func TestParseSignInForm(t *testing.T) {
	env := newTestEnv(t)
	hint := `a"b<c>@example.com`
	b := env.newBrowser()
	first := b.get(env.authorizeURL(func(q url.Values) { q.Set("login_hint", hint) }))

	form, ok := ParseSignInForm(first.body)
	if !ok {
		t.Fatalf("no form in %s", first.body)
	}
	if form.Action != PathSignIn || form.Username != hint || form.Message != "" {
		t.Errorf("form = %+v, want action %s and username %q", form, PathSignIn, hint)
	}
	for _, field := range []string{FieldRequestID, FieldCSRFToken} {
		if form.Hidden.Get(field) == "" {
			t.Errorf("hidden field %s missing: %v", field, form.Hidden)
		}
	}

	refused := b.postForm(env.issuer+form.Action, form.Values(hint, "wrong"))
	again, ok := ParseSignInForm(refused.body)
	if !ok || again.Message != MessageBadCredentials || again.Username != hint {
		t.Errorf("after a refusal: ok=%v %+v", ok, again)
	}

	errorPage := env.newBrowser().get(env.authorizeURL(func(q url.Values) {
		q.Set("client_id", "0oanobody")
	}))
	if _, ok := ParseSignInForm(errorPage.body); ok || errorPage.status != http.StatusBadRequest {
		t.Errorf("error page read as a form: %d %s", errorPage.status, errorPage.body)
	}
}
