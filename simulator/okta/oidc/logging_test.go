package oidc

import (
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/internal/testlog"
)

// TestLogsHoldNoSecrets runs a whole flow, with refusals, at debug level and
// checks that no password, client secret, code or token reaches the log.
func TestLogsHoldNoSecrets(t *testing.T) {
	var logs testlog.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	env := newTestEnv(t, func(c *Config) { c.Logger = logger })

	b := env.newBrowser()
	form := b.get(env.authorizeURL(nil))
	refused := b.signIn(env.issuer, form, alice.Login, "Wrong-Passw0rd!")
	code := callback(t, b.signIn(env.issuer, refused, alice.Login, alicePassword)).Get("code")
	tokens := env.exchange(code, testVerifier)
	if tokens.status != http.StatusOK {
		t.Fatalf("exchange: %d %v", tokens.status, tokens.body)
	}
	wantError(t, env.exchange(code, testVerifier), http.StatusBadRequest, errInvalidGrant)
	env.post(PathToken, url.Values{
		"grant_type":    {GrantRefreshToken},
		"refresh_token": {tokens.str("refresh_token")},
	}, confidentialID, "Wrong-Secret")
	env.refresh(tokens.str("refresh_token"))
	env.provider.EndUserSessions(alice.ID)

	out := logs.String()
	if !strings.Contains(out, `"user_id":"00ualice"`) {
		t.Fatalf("the log does not even name the user; is logging wired? %s", out)
	}
	secrets := map[string]string{
		"password": alicePassword, "wrong password": "Wrong-Passw0rd!",
		"client secret": clientSecret, "wrong secret": "Wrong-Secret", "code": code,
		"access token": tokens.str("access_token"), "id token": tokens.str("id_token"),
		"refresh token": tokens.str("refresh_token"), "verifier": testVerifier,
	}
	for name, secret := range secrets {
		if strings.Contains(out, secret) {
			t.Errorf("the log holds the %s", name)
		}
	}
}
