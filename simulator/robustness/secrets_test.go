package robustness

import (
	"slices"
	"strings"
	"testing"
)

// secrets lists the secrets a stack knows, by name.
func (st *stack) secrets() map[string]string {
	return map[string]string{
		"SCIM token": st.scimToken, "console API key": st.apiKey,
		"admin SSWS token": st.adminToken, "SSO client secret": st.clientSecret,
	}
}

// leaked names every secret that occurs in text.
func (st *stack) leaked(text string, extra map[string]string) []string {
	var out []string
	for _, set := range []map[string]string{st.secrets(), extra} {
		for name, s := range set {
			if s != "" && strings.Contains(text, s) {
				out = append(out, name)
			}
		}
	}
	return out
}

// secretWatch checks the answers and the logs of a stack for the stack's
// secrets and the ones a test adds as they are made or learnt.
type secretWatch struct {
	st      *stack
	extra   map[string]string
	answers int
}

func (w *secretWatch) add(name, value string) { w.extra[name] = value }

// check fails t when the answer holds a secret; allowed names the secrets
// this answer may show (a token shown once when it is issued).
func (w *secretWatch) check(t *testing.T, what string, r reply, allowed ...string) {
	t.Helper()
	w.answers++
	var sb strings.Builder
	sb.Write(r.body)
	for k, vs := range r.header {
		sb.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	for _, name := range w.st.leaked(sb.String(), w.extra) {
		if !slices.Contains(allowed, name) {
			t.Errorf("%s: the answer holds the %s", what, name)
		}
	}
}

// noSecrets fails t when an answer's headers or body hold a secret.
func noSecrets(t *testing.T, st *stack, what string, r reply) {
	t.Helper()
	(&secretWatch{st: st}).check(t, what, r)
}
