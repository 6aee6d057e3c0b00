package oidc

import (
	"crypto/rand"
	"crypto/rsa"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// TestDiscovery: the metadata names the exact issuer and the endpoints under
// it; the JWKS publishes one RS256 signing key.
func TestDiscovery(t *testing.T) {
	env := newTestEnv(t)
	req, err := http.NewRequest(http.MethodGet, env.issuer+PathDiscovery, nil)
	if err != nil {
		t.Fatal(err)
	}
	doc := env.send(req)
	want := map[string]string{
		"issuer":                 env.issuer,
		"authorization_endpoint": env.issuer + "/oauth2/v1/authorize",
		"token_endpoint":         env.issuer + "/oauth2/v1/token",
		"userinfo_endpoint":      env.issuer + "/oauth2/v1/userinfo",
		"jwks_uri":               env.issuer + "/oauth2/v1/keys",
		"end_session_endpoint":   env.issuer + "/oauth2/v1/logout",
		"revocation_endpoint":    env.issuer + "/oauth2/v1/revoke",
		"introspection_endpoint": env.issuer + "/oauth2/v1/introspect",
	}
	for k, v := range want {
		if doc.str(k) != v {
			t.Errorf("%s = %q, want %q", k, doc.str(k), v)
		}
	}
	if methods, _ := doc.body["code_challenge_methods_supported"].([]any); len(methods) != 1 ||
		methods[0] != "S256" {
		t.Errorf("code_challenge_methods_supported = %v, want [S256]", methods)
	}

	req, err = http.NewRequest(http.MethodGet, env.issuer+PathKeys, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := env.send(req).body["keys"].([]any)
	if len(keys) != 1 {
		t.Fatalf("keys = %v, want one", keys)
	}
	key, _ := keys[0].(map[string]any)
	if key["kty"] != "RSA" || key["alg"] != "RS256" || key["use"] != "sig" || key["kid"] == "" {
		t.Errorf("key = %v", key)
	}
	if _, private := key["d"]; private {
		t.Error("the JWKS leaks the private key")
	}
}

// TestConfigValidate: every problem is reported at once.
func TestConfigValidate(t *testing.T) {
	small, err := rsa.GenerateKey(rand.Reader, 1024)
	if err != nil {
		t.Fatal(err)
	}
	dir := newFakeDirectory()
	tests := []struct {
		name    string
		cfg     Config
		wantErr []string
	}{
		{"valid", Config{Issuer: "http://127.0.0.1:8080", Directory: dir}, nil},
		{"empty", Config{}, []string{"issuer is required", "directory is required"}},
		{
			"trailing slash",
			Config{Issuer: "http://127.0.0.1:8080/", Directory: dir},
			[]string{"must not end with a slash"},
		},
		{
			"path",
			Config{Issuer: "http://127.0.0.1:8080/oauth2/default", Directory: dir},
			[]string{"without path"},
		},
		{
			"scheme",
			Config{Issuer: "ftp://idp.example", Directory: dir},
			[]string{"http or https"},
		},
		{"ttls and key", Config{
			Issuer: "https://idp.example", Directory: dir, SigningKey: small,
			CodeTTL: -1, SessionTTL: -1,
		}, []string{"2048 bits", "code ttl must not be negative", "session ttl"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err != nil) != (len(tt.wantErr) > 0) {
				t.Fatalf("Validate() = %v, want errors %v", err, tt.wantErr)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("Validate() = %q, want it to mention %q", err, want)
				}
			}
			if _, err := New(tt.cfg); (err != nil) != (len(tt.wantErr) > 0) {
				t.Errorf("New() error = %v", err)
			}
		})
	}
}

var (
	sharedKeyOnce sync.Once
	sharedKey     *rsa.PrivateKey
)

// testKey is one RSA key for all tests, since generating one takes a while.
func testKey(t *testing.T) *rsa.PrivateKey {
	t.Helper()
	sharedKeyOnce.Do(func() {
		key, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		sharedKey = key
	})
	return sharedKey
}
