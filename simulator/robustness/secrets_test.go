package robustness

import (
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

// noSecrets fails t when an answer's headers or body hold a secret.
func noSecrets(t *testing.T, st *stack, what string, r reply) {
	t.Helper()
	var sb strings.Builder
	sb.Write(r.body)
	for k, vs := range r.header {
		sb.WriteString(k + ": " + strings.Join(vs, ",") + "\n")
	}
	if names := st.leaked(sb.String(), nil); len(names) > 0 {
		t.Errorf("%s: the answer holds the %s", what, strings.Join(names, ", "))
	}
}
